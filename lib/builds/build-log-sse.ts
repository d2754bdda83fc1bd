import { subscribeBuildLog } from './build-log';

/**
 * A build log as Server-Sent Events: `line` events (id = seq, data = {seq, line}) for history
 * then live lines, and one `done` event ({status}) at the end. Resumes after Last-Event-ID.
 * Heartbeat comments keep proxies from closing a quiet stream.
 */
export function buildLogEventStream(buildId: string, afterSeq: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let heartbeat: NodeJS.Timeout | undefined;
  const stop = new AbortController();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop.abort();
        }
      };
      heartbeat = setInterval(() => send(': keep-alive\n\n'), 15_000);
      const both = AbortSignal.any([signal, stop.signal]);
      subscribeBuildLog(buildId, {
        afterSeq,
        signal: both,
        onMessage: (m) => {
          if ('done' in m) send(`event: done\ndata: ${JSON.stringify({ status: m.done })}\n\n`);
          else send(`id: ${m.seq}\nevent: line\ndata: ${JSON.stringify(m)}\n\n`);
        },
      })
        .catch((error) => send(`event: error\ndata: ${JSON.stringify({ message: String(error?.message ?? error) })}\n\n`))
        .finally(() => {
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        });
    },
    cancel() {
      clearInterval(heartbeat);
      stop.abort();
    },
  });
}
