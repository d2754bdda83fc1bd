import { db, type BuildStatus } from '../db';
import { channel } from '../events/channels';
import type { DeployWatch } from './deploy-watch';
import { end } from './deploy-watch';
import { CAUGHT_UP, follow, RECHECK } from './follow';
import type { BuildEvent, EndEvent, FollowEvent, LogEvent } from './progress-events';

const FINISHED: BuildStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const PAGE = 2_000;

type BuildRow = { number: number; status: BuildStatus; commitSha: string; failedStep: string | null; error: string | null; deployAfter: boolean };
type BuildStepEvent = LogEvent | BuildEvent | EndEvent;

/**
 * Step 1 of followDeploy: the build's log lines and status changes until it finishes. Returns
 * true when a deploy follows (the build succeeded and deploys); otherwise the follow is over
 * (its `end` event was yielded, or the client left).
 */
export async function* followBuild(watch: DeployWatch): AsyncGenerator<FollowEvent, boolean> {
  const status = new BuildStatusPoll(watch.buildId);
  let last: BuildStepEvent | undefined;
  for await (const event of follow<BuildStepEvent>({
    subscription: watch.subscription,
    decode: (raw, ch) =>
      ch === channel.build(watch.buildId) ? decodeBuildMessage(watch.buildId, raw) : watch.progress.duringBuild({ channel: ch, raw }),
    backlog: (after) => readLines(watch.buildId, Number(after ?? 0)),
    key: (e) => (e.type === 'log' ? e.seq : undefined),
    after: 0,
    isEnd: (e) => e.type === 'end' || (e.type === 'build' && FINISHED.includes(e.status)),
    // Postgres is the source of truth: lines come live from Redis, but are also read back here,
    // so the follow works (slower) while Redis is down. Row first: lines stored before a status
    // change go out before its event.
    poll: async (after) => {
      const changed = await status.changed();
      return [...(await readLines(watch.buildId, Number(after ?? 0))), ...changed];
    },
    pollMs: watch.pollMs,
    timeoutMs: watch.deadline - Date.now(),
    onTimeout: () => end('timeout'),
    signal: watch.signal,
  })) {
    if (event === CAUGHT_UP) continue;
    last = event;
    yield event;
  }
  if (last?.type !== 'build' || !FINISHED.includes(last.status)) return false; // timed out, or the client left
  const outcome = afterBuild(last.status, status.row?.deployAfter ?? true);
  if (outcome) yield outcome;
  return outcome === null;
}

/** How a finished build ends the follow, or null when its deploy is next. */
function afterBuild(status: BuildStatus, deployAfter: boolean): EndEvent | null {
  if (status === 'FAILED') return end('build-failed');
  if (status === 'CANCELLED') return end('superseded');
  if (!deployAfter) return end('built');
  return null;
}

/** Reads the build row; an event when its status changed since the last read. */
class BuildStatusPoll {
  row: BuildRow | null = null;
  private lastStatus: BuildStatus | null = null;

  constructor(private readonly buildId: string) {}

  async changed(): Promise<(BuildEvent | EndEvent)[]> {
    this.row = await db.build.findUnique({
      where: { id: this.buildId },
      select: { number: true, status: true, commitSha: true, failedStep: true, error: true, deployAfter: true },
    });
    if (!this.row) return [end('superseded')]; // deleted with its app
    if (this.row.status === this.lastStatus) return [];
    this.lastStatus = this.row.status;
    const { number, status, commitSha, failedStep, error } = this.row;
    return [{ type: 'build', buildId: this.buildId, number, status, commitSha, failedStep, error }];
  }
}

async function readLines(buildId: string, afterSeq: number): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for (let after = afterSeq; ; ) {
    const rows = await db.buildLogLine.findMany({
      where: { buildId, seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: PAGE,
      select: { seq: true, line: true },
    });
    for (const l of rows) events.push({ type: 'log', buildId, seq: l.seq, line: l.line });
    if (rows.length < PAGE) return events;
    after = rows[rows.length - 1].seq;
  }
}

/** A line from log-sink.ts; its `{ done }` only says "look at the row now" (it has the details). */
function decodeBuildMessage(buildId: string, raw: string): LogEvent | typeof RECHECK | undefined {
  try {
    const m = JSON.parse(raw) as { seq?: unknown; line?: unknown; done?: unknown };
    if (m.done) return RECHECK;
    if (typeof m.seq === 'number' && typeof m.line === 'string') return { type: 'log', buildId, seq: m.seq, line: m.line };
  } catch {
    // not ours
  }
  return undefined;
}
