import { db, type BuildStatus } from '../db';
import { channel } from '../events/channels';
import { CAUGHT_UP, follow } from '../live/follow';
import { getBuildLog, type BuildLogLineDto } from './build-log';

export type BuildLogMessage = BuildLogLineDto | { done: BuildStatus };

const FINISHED: BuildStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
/** The `done` message may be lost (Redis restart, superseded while queued): the row decides too. */
const RECHECK_MS = 3_000;

/**
 * Follows a build's log: history from Postgres, then live lines from Redis, in order and without
 * duplicates, ending with one `{ done: status }` (lines stored before it come first). Stop early
 * with `signal` (then there is no `done`).
 */
export async function* followBuildLog(
  buildId: string,
  options: { afterSeq?: number; signal?: AbortSignal } = {},
): AsyncGenerator<BuildLogMessage> {
  for await (const message of follow<BuildLogMessage>({
    channels: [channel.build(buildId)],
    decode: decodeBuildLogMessage,
    backlog: (after) => getBuildLog(buildId, Number(after ?? 0), 100_000),
    key: (m) => ('seq' in m ? m.seq : undefined),
    after: options.afterSeq ?? 0,
    isEnd: (m) => 'done' in m,
    poll: () => finishedStatus(buildId),
    pollMs: RECHECK_MS,
    signal: options.signal,
  })) {
    if (message !== CAUGHT_UP) yield message;
  }
}

/** The same as callbacks, for callers that are not generators. */
export async function subscribeBuildLog(
  buildId: string,
  options: { afterSeq?: number; signal?: AbortSignal; onMessage: (message: BuildLogMessage) => void },
): Promise<void> {
  for await (const message of followBuildLog(buildId, options)) options.onMessage(message);
}

async function finishedStatus(buildId: string): Promise<BuildLogMessage[]> {
  try {
    const row = await db.build.findUnique({ where: { id: buildId }, select: { status: true } });
    if (!row) return [{ done: 'CANCELLED' }];
    return FINISHED.includes(row.status) ? [{ done: row.status }] : [];
  } catch {
    return []; // a database blip: ask again at the next poll
  }
}

/** What log-sink.ts publishes: `{ seq, line }` per line and a final `{ done: status }`. */
function decodeBuildLogMessage(raw: string): BuildLogMessage | undefined {
  try {
    const m = JSON.parse(raw) as Partial<BuildLogLineDto> & { done?: BuildStatus };
    if (m.done) return { done: m.done };
    if (typeof m.seq === 'number' && typeof m.line === 'string') return { seq: m.seq, line: m.line };
  } catch {
    // not ours
  }
  return undefined;
}
