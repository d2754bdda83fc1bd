import { openAppProgress } from '@/lib/apps/progress-stream';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/progress — Server-Sent Events: snapshot, log, build, release, progress, end. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const abort = new AbortController();
  request.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const events = await openAppProgress(actor, name, abort.signal); // 404 before the stream starts
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const { event, data } of events) {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        }
      } catch (error) {
        if (!abort.signal.aborted) console.error('[apps] progress stream failed', error);
      }
      try {
        controller.close();
      } catch {
        /* client gone */
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
});
