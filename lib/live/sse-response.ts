import { AppError, describeError } from '../errors';
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

export type SseOptions = {
  heartbeat?: SseHeartbeat | false;
  /**
   * Who the stream is for (a user id). Each open stream holds a Redis connection of its own, so a
   * user may hold at most MAX_STREAMS_PER_USER at once in this process; one more is refused with
   * 429 (RATE_LIMITED) before anything is opened.
   */
  owner?: string;
};

export const MAX_STREAMS_PER_USER = 20;
const openStreams = new Map<string, number>();

/** Counts one stream for `owner`; returns its release (idempotent). Throws 429 over the cap. */
function claimStream(owner: string | undefined): () => void {
  if (!owner) return () => undefined;
  const open = openStreams.get(owner) ?? 0;
  if (open >= MAX_STREAMS_PER_USER) {
    throw new AppError('RATE_LIMITED', `too many open live streams (${MAX_STREAMS_PER_USER}): close a log or progress tab first`);
  }
  openStreams.set(owner, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openStreams.get(owner) ?? 1) - 1;
    if (left > 0) openStreams.set(owner, left);
    else openStreams.delete(owner);
  };
}

/** Open streams of `owner` in this process (for tests and diagnostics). */
export function openStreamCount(owner: string): number {
  return openStreams.get(owner) ?? 0;
}

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
  const release = claimStream(options.owner);
  return new Response(sseStream(produce, clientSignal, options.heartbeat ?? HEARTBEAT, release), { headers: SSE_HEADERS });
}

function sseStream(
  produce: (signal: AbortSignal) => AsyncIterable<SseItem>,
  clientSignal: AbortSignal,
  heartbeat: SseHeartbeat | false,
  release: () => void,
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
        release();
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
      release();
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
