import { describeError } from '../errors';
import { formatSse, type SseItem } from './sse-format';

/** Proxies (nginx: x-accel-buffering) and caches must pass events through as they come. */
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** A comment sent while the stream is quiet, so proxies do not close it as idle. */
export type SseHeartbeat = { everyMs: number; comment: string };
const HEARTBEAT: SseHeartbeat = { everyMs: 15_000, comment: 'keep-alive' };

export type SseOptions = { heartbeat?: SseHeartbeat | false };

/**
 * A Server-Sent Events response of whatever `produce` yields. `produce` gets a signal that
 * aborts when the client goes away (request aborted or body cancelled) and must then return;
 * the response closes when the items end. A failure becomes one `error` event
 * (`{ message }`) before the close — unless the client is already gone.
 */
export function sseResponse(
  produce: (signal: AbortSignal) => AsyncIterable<SseItem>,
  clientSignal: AbortSignal,
  options: SseOptions = {},
): Response {
  return new Response(sseStream(produce, clientSignal, options.heartbeat ?? HEARTBEAT), { headers: SSE_HEADERS });
}

function sseStream(
  produce: (signal: AbortSignal) => AsyncIterable<SseItem>,
  clientSignal: AbortSignal,
  heartbeat: SseHeartbeat | false,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const onClientAbort = () => stop.abort();
  let timer: NodeJS.Timeout | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (item: SseItem) => {
        if (stop.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(formatSse(item)));
        } catch {
          stop.abort(); // closed under us: the client is gone
        }
      };
      const close = () => {
        clearInterval(timer);
        clientSignal.removeEventListener('abort', onClientAbort);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      clientSignal.addEventListener('abort', onClientAbort, { once: true });
      if (clientSignal.aborted) stop.abort();
      if (heartbeat) timer = setInterval(() => send({ comment: heartbeat.comment }), heartbeat.everyMs);
      void pump(produce(stop.signal), send, stop.signal).finally(close);
    },
    cancel() {
      clearInterval(timer);
      stop.abort();
    },
  });
}

async function pump(items: AsyncIterable<SseItem>, send: (item: SseItem) => void, stopped: AbortSignal): Promise<void> {
  try {
    for await (const item of items) {
      if (stopped.aborted) break;
      send(item);
    }
  } catch (error) {
    if (stopped.aborted) return;
    console.error('[live] event stream failed:', describeError(error));
    send({ event: 'error', data: { message: describeError(error) } });
  }
}
