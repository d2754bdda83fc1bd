import { db, type BuildStatus } from '../db';
import { channel } from '../events/channels';
import { createRedis } from '../redis';

export type BuildLogLineDto = { seq: number; line: string };
export type BuildLogMessage = BuildLogLineDto | { done: BuildStatus };

const FINISHED: BuildStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
export const isFinished = (status: BuildStatus) => FINISHED.includes(status);

/** Stored log lines after `afterSeq` (history; callers check access to the build first). */
export async function getBuildLog(buildId: string, afterSeq = 0, limit = 5_000): Promise<BuildLogLineDto[]> {
  const rows = await db.buildLogLine.findMany({
    where: { buildId, seq: { gt: afterSeq } },
    orderBy: { seq: 'asc' },
    take: limit,
    select: { seq: true, line: true },
  });
  return rows;
}

/**
 * Follows a build's log: history from Postgres, then live lines from Redis, in order and without
 * duplicates, ending with one `{ done: status }`. Subscribes before reading history so nothing
 * falls between the two; also re-checks the row every few seconds, so a missed `done` message
 * (Redis restart, superseded while queued) still ends the stream. Stop early with `signal`.
 */
export async function subscribeBuildLog(
  buildId: string,
  options: { afterSeq?: number; signal?: AbortSignal; onMessage: (message: BuildLogMessage) => void },
): Promise<void> {
  const { signal, onMessage } = options;
  let lastSeq = options.afterSeq ?? 0;
  let finished = false;
  const subscriber = createRedis({ lazyConnect: true });
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let poll: NodeJS.Timeout | undefined;

  const finish = async (status: BuildStatus) => {
    if (finished) return;
    finished = true;
    // Lines flushed just before the status change: deliver them before `done`.
    for (const l of await getBuildLog(buildId, lastSeq)) deliver(l);
    onMessage({ done: status });
    resolveDone();
  };
  const deliver = (l: BuildLogLineDto) => {
    if (l.seq <= lastSeq) return;
    lastSeq = l.seq;
    onMessage(l);
  };

  let historyLoaded = false;
  const early: BuildLogMessage[] = [];
  const handle = (message: BuildLogMessage) => {
    if (finished) return;
    if ('done' in message) void finish(message.done);
    else deliver(message);
  };

  try {
    await subscriber.connect();
    subscriber.on('message', (_channel: string, raw: string) => {
      let message: BuildLogMessage;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      if (!historyLoaded) early.push(message);
      else handle(message);
    });
    await subscriber.subscribe(channel.build(buildId));

    for (const l of await getBuildLog(buildId, lastSeq, 100_000)) deliver(l);
    historyLoaded = true;
    for (const m of early.splice(0)) handle(m);

    const check = async () => {
      const row = await db.build.findUnique({ where: { id: buildId }, select: { status: true } });
      if (!row) return finish('CANCELLED');
      if (isFinished(row.status)) await finish(row.status);
    };
    await check();
    poll = setInterval(() => void check().catch(() => {}), 3_000);
    signal?.addEventListener('abort', () => resolveDone(), { once: true });
    if (signal?.aborted) resolveDone();
    await done;
  } finally {
    clearInterval(poll);
    subscriber.disconnect();
  }
}
