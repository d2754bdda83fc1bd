import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as appRoute from '../../app/api/apps/[name]/route';
import * as sessionRoute from '../../app/api/session/route';
import * as webhookRoute from '../../app/api/apps/[name]/webhook/route';
import { JSON_BODY_LIMIT } from '../../lib/http/read-body';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { params, userWithSession } from './web-support';

// Finding 4, first half (issue 11): unbounded request bodies. A 40 MB sign-in body used to be read
// whole and then answered 400; the webhook route buffered everything before its 5 MB check.
// Now every JSON route reads through lib/http/read-body.ts: 413 from Content-Length before a byte
// is read, or as soon as a streamed body passes the limit. (e2e/security.spec.ts repeats the
// socket checks against a real `next start`.)

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A request body that produces `total` bytes only as fast as the handler pulls them. */
function countingBody(total: number) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const chunk = new Uint8Array(Math.min(CHUNK, total - counter.pulled)).fill(0x20);
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

function streamingRequest(url: string, total: number, headers: Record<string, string> = {}) {
  const { stream, counter } = countingBody(total);
  const request = new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { request, counter };
}

describe('request body limits, in-process (bytes the handler actually pulled)', () => {
  it('answers a 40 MB sign-in body with 413 after reading at most the 1 MB limit', async () => {
    const { request, counter } = streamingRequest('http://localhost:3000/api/session', 40 * MB);
    const res = await sessionRoute.POST(request);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(counter.pulled).toBeLessThanOrEqual(JSON_BODY_LIMIT + 2 * CHUNK);
  });

  it('answers a declared 40 MB Content-Length with 413 without reading the body at all', async () => {
    const { request, counter } = streamingRequest('http://localhost:3000/api/session', 40 * MB, { 'content-length': String(40 * MB) });
    const res = await sessionRoute.POST(request);
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(CHUNK); // at most what the stream pre-filled
  });

  it('stops the webhook route at 5 MB instead of buffering everything first', async () => {
    const { request, counter } = streamingRequest('http://localhost:3000/api/apps/shop/webhook', 40 * MB, {
      'x-github-event': 'push',
    });
    const res = await webhookRoute.POST(request, params({ name: 'shop' }));
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(5 * MB + 2 * CHUNK);
  });

  it('limits the optional JSON body of DELETE /api/apps/<name> too', async () => {
    const admin = await userWithSession('ADMIN');
    const { stream, counter } = countingBody(40 * MB);
    const request = new Request('http://localhost:3000/api/apps/shop', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const res = await appRoute.DELETE(request, params({ name: 'shop' }));
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(JSON_BODY_LIMIT + 2 * CHUNK);
  });
});

describe('request body limits over a real socket (route handlers behind node:http)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer([
      { method: 'POST', pattern: /^\/api\/session$/, handler: sessionRoute.POST as never },
      { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/webhook$/, handler: webhookRoute.POST as never, params: ['name'] },
    ]);
  });
  afterAll(() => server?.close());

  /**
   * Sends the head, then body chunks (respecting backpressure) until a response starts or `total`
   * bytes went out; returns the status and how many body bytes had been written by then.
   */
  function upload(path: string, head: string, total: number, chunked: boolean): Promise<{ status: number; sent: number; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = net.connect(server.port, '127.0.0.1');
      let sent = 0;
      let answered = false;
      const deadline = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no response within 60 s (${sent} bytes sent)`));
      }, 60_000);
      socket.on('data', (data) => {
        if (answered) return;
        answered = true;
        clearTimeout(deadline);
        socket.destroy();
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data.toString('latin1'))?.[1]), sent, ms: Date.now() - started });
      });
      socket.on('error', (error) => {
        if (!answered) {
          clearTimeout(deadline);
          reject(error);
        }
      });
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${head}\r\n`);
      const chunk = Buffer.alloc(CHUNK, 0x20);
      const pump = () => {
        while (!answered && sent < total) {
          const framed = chunked ? Buffer.concat([Buffer.from(`${CHUNK.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
          sent += CHUNK;
          if (!socket.write(framed)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  }

  it('answers 413 to a declared 40 MB sign-in while the client has sent almost nothing', async () => {
    const result = await upload('/api/session', `Content-Length: ${40 * MB}\r\n`, CHUNK, false);
    expect(result.status).toBe(413);
    expect(result.sent).toBe(CHUNK); // the server did not wait for the other 39.9 MB
  });

  it('answers 413 to a chunked 40 MB sign-in long before the client finishes sending', async () => {
    const result = await upload('/api/session', 'Transfer-Encoding: chunked\r\n', 40 * MB, true);
    expect(result.status).toBe(413);
    // 1 MB limit + whatever the kernel's socket buffers held: far from 40 MB.
    expect(result.sent).toBeLessThan(16 * MB);
  });

  it('answers 413 to a chunked 40 MB webhook before reading it all', async () => {
    const result = await upload('/api/apps/shop/webhook', 'Transfer-Encoding: chunked\r\nX-GitHub-Event: push\r\n', 40 * MB, true);
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(20 * MB);
  });
});
