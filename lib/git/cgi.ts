import type { Readable } from 'node:stream';

/**
 * Turns a CGI program's stdout (headers, blank line, body) into a fetch Response, streaming the
 * body as it is produced — git's progress and the post-receive hook's output must reach the
 * client while the push is still running.
 */
export function cgiResponse(stdout: Readable, onAbort: () => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let settled = false;
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;

    const finishHead = (rest: Buffer, headerText: string) => {
      const headers = new Headers();
      let status = 200;
      for (const line of headerText.split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i <= 0) continue;
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
        else headers.append(key, value);
      }
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
          if (rest.length) c.enqueue(new Uint8Array(rest));
        },
        cancel() {
          onAbort();
        },
      });
      settled = true;
      resolve(new Response(status === 204 || status === 304 ? null : body, { status, headers }));
    };

    stdout.on('data', (chunk: Buffer) => {
      if (settled) {
        try {
          controller?.enqueue(new Uint8Array(chunk));
        } catch {
          /* client went away */
        }
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? { at: crlf, len: 4 } : lf >= 0 ? { at: lf, len: 2 } : null;
      if (end) finishHead(head.subarray(end.at + end.len), head.subarray(0, end.at).toString('latin1'));
      else if (head.length > 64 * 1024) {
        settled = true;
        reject(new Error('CGI headers too large'));
      }
    });
    stdout.on('end', () => {
      if (!settled) {
        settled = true;
        reject(new Error('git http-backend ended without a response'));
        return;
      }
      try {
        controller?.close();
      } catch {
        /* already closed */
      }
    });
    stdout.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      } else controller?.error(error);
    });
  });
}
