import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { prepareRun, ZRunCommand } from '@/lib/one-off/run-command';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/apps/<name>/run {command: [...], tty?: false, timeoutSeconds?: 3600} — a one-off
 * container from the live release. Answers NDJSON as it runs: `{"stream":"stdout"|"stderr",
 * "data":"<base64>"}` lines, then `{"exitCode":N}` (or `{"error":"..."}`). Closing the request
 * kills the container.
 */
export const POST = appRoute(async ({ actor, name, request }) => {
  const input = await parseBody(request, ZRunCommand);
  const run = await prepareRun(actor, name, input);
  const encoder = new TextEncoder();
  const stop = new AbortController();
  request.signal.addEventListener('abort', () => stop.abort(), { once: true });
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (value: unknown) => {
        if (!stop.signal.aborted || 'exitCode' in (value as object)) {
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
          } catch {
            /* the client went away */
          }
        }
      };
      try {
        const result = await run.start({
          signal: stop.signal,
          onOutput: (stream, chunk) => send({ stream, data: chunk.toString('base64') }),
        });
        send({ exitCode: result.exitCode, timedOut: result.timedOut, oomKilled: result.oomKilled });
      } catch (error) {
        send({ error: `The one-off container failed: ${(error as Error).message}` });
      }
      try {
        controller.close();
      } catch {
        /* already closed */
      }
    },
    cancel() {
      stop.abort();
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
  });
});
