import { channel } from '../events/channels';
import { CAUGHT_UP, follow } from '../live/follow';
import type { SseItem } from '../live/sse-format';
import type { SseOptions } from '../live/sse-response';
import { logLinesOf, type LogQuery } from './list-log-lines';
import type { LogLineDto } from './log-line-dto';

/** The heartbeat bytes this stream has always sent. */
export const logStreamOptions: SseOptions = { heartbeat: { everyMs: 15_000, comment: 'keepalive' } };

/**
 * A live tail as Server-Sent Events: first the recent lines (or those after Last-Event-ID) from
 * Postgres, then every new line published on the app's Redis channel (see lib/live/follow for
 * why nothing is lost or doubled in between), then a `ready` event once live. Each event's id is
 * the LogLine id, so EventSource resumes where it left off. Runs until the client goes away.
 */
export async function* followLogs(
  appId: string,
  query: LogQuery & { lastEventId?: string },
  signal: AbortSignal,
): AsyncGenerator<SseItem> {
  const needle = query.q?.toLowerCase();
  let started = false;
  for await (const line of follow<LogLineDto>({
    channels: [channel.logs(appId)],
    redis: { maxRetriesPerRequest: 3 },
    decode: decodeLogLine,
    backlog: () =>
      logLinesOf(appId, { ...query, afterId: query.lastEventId, limit: query.limit ?? (query.lastEventId ? 5000 : 200) }),
    key: (l) => BigInt(l.id),
    after: query.lastEventId && /^\d+$/.test(query.lastEventId) ? BigInt(query.lastEventId) : 0n,
    // The backlog query filters the same way; live lines are every line of the app.
    accept: (l) => (!needle || l.line.toLowerCase().includes(needle)) && (!query.instance || l.instance === query.instance),
    signal,
  })) {
    // Sent once the backlog is read (a failure before it is only an `error` event).
    if (!started) yield { comment: 'berth log stream', retry: 2000 };
    started = true;
    if (line === CAUGHT_UP) yield { event: 'ready', data: {} };
    else yield { id: line.id, event: 'line', data: line };
  }
}

function decodeLogLine(raw: string): LogLineDto | undefined {
  try {
    const line = JSON.parse(raw) as LogLineDto;
    return typeof line?.id === 'string' && /^\d+$/.test(line.id) ? line : undefined;
  } catch {
    return undefined; // not ours
  }
}
