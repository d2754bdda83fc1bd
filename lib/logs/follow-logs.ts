import { channel } from '../events/channels';
import { createRedis } from '../redis';
import type { LogLineDto } from './log-line-dto';
import { logLinesOf, type LogQuery } from './list-log-lines';

/**
 * A live tail as Server-Sent Events: first the recent lines (or those after Last-Event-ID) from
 * Postgres, then every new line published on the app's Redis channel. Subscribes before reading
 * the backlog and drops anything not newer than what was sent, so nothing is lost or doubled in
 * between. Each event's id is the LogLine id, so EventSource resumes where it left off.
 */
const HEARTBEAT_MS = 15_000;

export function followLogs(appId: string, query: LogQuery & { lastEventId?: string }, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const subscriber = createRedis({ maxRetriesPerRequest: 3 });
  let closed = false;
  let lastSent = query.lastEventId && /^\d+$/.test(query.lastEventId) ? BigInt(query.lastEventId) : 0n;
  let heartbeat: NodeJS.Timeout | undefined;
  const needle = query.q?.toLowerCase();

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        subscriber.disconnect();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = (line: LogLineDto) => {
        if (closed) return;
        const id = BigInt(line.id);
        if (id <= lastSent) return;
        if (needle && !line.line.toLowerCase().includes(needle)) return;
        if (query.instance && line.instance !== query.instance) return;
        lastSent = id;
        controller.enqueue(encoder.encode(`id: ${line.id}\nevent: line\ndata: ${JSON.stringify(line)}\n\n`));
      };
      signal.addEventListener('abort', close, { once: true });

      const early: LogLineDto[] = [];
      let backlogDone = false;
      subscriber.on('message', (_channel: string, message: string) => {
        try {
          const line = JSON.parse(message) as LogLineDto;
          if (backlogDone) send(line);
          else early.push(line);
        } catch {
          // not ours
        }
      });
      subscriber.on('error', () => undefined);
      try {
        await subscriber.subscribe(channel.logs(appId));
        const backlog = await logLinesOf(appId, {
          ...query,
          afterId: query.lastEventId,
          limit: query.limit ?? (query.lastEventId ? 5000 : 200),
        });
        controller.enqueue(encoder.encode(`retry: 2000\n: berth log stream\n\n`));
        for (const line of backlog) send(line);
        backlogDone = true;
        for (const line of early) send(line);
        controller.enqueue(encoder.encode(`event: ready\ndata: {}\n\n`));
        heartbeat = setInterval(() => {
          if (!closed) controller.enqueue(encoder.encode(`: keepalive\n\n`));
        }, HEARTBEAT_MS);
      } catch (error) {
        if (!closed) controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`));
        close();
      }
    },
    cancel() {
      closed = true;
      clearInterval(heartbeat);
      subscriber.disconnect();
    },
  });
}
