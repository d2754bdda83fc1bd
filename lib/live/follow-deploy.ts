import type { Redis } from 'ioredis';
import { db, type BuildStatus, type ReleaseStatus } from '../db';
import { channel } from '../events/channels';
import type { Progress } from '../events/progress';
import { createRedis } from '../redis';

/**
 * What happens to one build from queue to live (or failure), as a stream of events shared by
 * the `git push` output and the UI's SSE. Postgres is read first and polled (source of truth,
 * nothing is missed by joining late); Redis pub/sub only wakes the loop early and carries the
 * transient deploy progress messages (starting, health check).
 */
export type FollowEvent =
  | { type: 'build'; buildId: string; number: number; status: BuildStatus; commitSha: string; failedStep: string | null; error: string | null }
  | { type: 'log'; buildId: string; seq: number; line: string }
  | { type: 'release'; releaseId: string; version: number; status: ReleaseStatus; failureReason: string | null }
  | { type: 'progress'; progress: Progress }
  | { type: 'end'; outcome: 'live' | 'build-failed' | 'deploy-failed' | 'superseded' | 'built' | 'timeout' };

export type FollowOptions = {
  appId: string;
  buildId: string;
  signal?: AbortSignal;
  /** Give up after this long (the push must end sometime). */
  timeoutMs?: number;
  pollMs?: number;
};

const NO_RELEASE_AFTER_MS = 90_000;
const TERMINAL_BUILD: BuildStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export async function* followDeploy(options: FollowOptions): AsyncGenerator<FollowEvent> {
  const { appId, buildId } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 14 * 60 * 1000);
  const pollMs = options.pollMs ?? 500;
  const wake = new Waker();
  const progress: Progress[] = [];
  let subscriber: Redis | null = null;
  try {
    subscriber = createRedis({ lazyConnect: true, maxRetriesPerRequest: 1 });
    subscriber.on('error', () => {}); // polling still works without Redis
    await subscriber.connect().catch(() => {});
    subscriber.on('message', (ch: string, message: string) => {
      if (ch === channel.app(appId)) {
        try {
          progress.push(JSON.parse(message) as Progress);
        } catch {
          /* ignore malformed */
        }
      }
      wake.fire();
    });
    await subscriber.subscribe(channel.build(buildId), channel.app(appId)).catch(() => {});

    let lastSeq = -1;
    let lastBuildStatus: BuildStatus | null = null;
    let releaseId: string | null = null;
    let lastReleaseStatus: ReleaseStatus | null = null;
    const sawLive = new Set<string>();
    let builtAt: number | null = null;

    while (!options.signal?.aborted) {
      const build = await db.build.findUnique({ where: { id: buildId } });
      if (!build) return yield { type: 'end', outcome: 'superseded' };
      const lines = await db.buildLogLine.findMany({
        where: { buildId, seq: { gt: lastSeq } },
        orderBy: { seq: 'asc' },
        take: 2000,
      });
      for (const l of lines) {
        lastSeq = l.seq;
        yield { type: 'log', buildId, seq: l.seq, line: l.line };
      }
      if (build.status !== lastBuildStatus) {
        lastBuildStatus = build.status;
        yield {
          type: 'build',
          buildId,
          number: build.number,
          status: build.status,
          commitSha: build.commitSha,
          failedStep: build.failedStep,
          error: build.error,
        };
      }
      // Deploy progress only matters once the build is done; older messages belong to others.
      while (progress.length) {
        const p = progress.shift()!;
        if (p.step === 'build' || p.step === 'repository') continue;
        if (p.buildId && p.buildId !== buildId) continue;
        if (p.releaseId && releaseId && p.releaseId !== releaseId) continue;
        if (p.step === 'live' && p.releaseId) sawLive.add(p.releaseId);
        if (build.status === 'SUCCEEDED') yield { type: 'progress', progress: p };
      }
      if (lines.length === 2000) continue; // more log to read right away
      if (TERMINAL_BUILD.includes(build.status)) {
        if (build.status === 'FAILED') return yield { type: 'end', outcome: 'build-failed' };
        if (build.status === 'CANCELLED') return yield { type: 'end', outcome: 'superseded' };
        if (!build.deployAfter) return yield { type: 'end', outcome: 'built' };
        const release = await db.release.findFirst({ where: { buildId }, orderBy: { version: 'desc' } });
        builtAt ??= Date.now();
        // The build worker creates the release right after the build; if none appears, say so
        // instead of hanging the push for its whole timeout.
        if (!release && Date.now() - builtAt > NO_RELEASE_AFTER_MS) return yield { type: 'end', outcome: 'timeout' };
        if (release) {
          releaseId = release.id;
          if (release.status !== lastReleaseStatus) {
            lastReleaseStatus = release.status;
            yield {
              type: 'release',
              releaseId: release.id,
              version: release.version,
              status: release.status,
              failureReason: release.failureReason,
            };
          }
          if (release.status === 'SUPERSEDED') return yield { type: 'end', outcome: 'superseded' };
          // LIVE is written just before the proxy switches: the release is only really live
          // for users once the deploy says so ("live" progress) or its Deployment row finished.
          if (release.status === 'LIVE' && (sawLive.has(release.id) || (await deploymentFinished(release.id)))) {
            return yield { type: 'end', outcome: 'live' };
          }
          if (release.status === 'FAILED') return yield { type: 'end', outcome: 'deploy-failed' };
        }
      }
      if (Date.now() > deadline) return yield { type: 'end', outcome: 'timeout' };
      await wake.wait(pollMs, options.signal);
    }
  } finally {
    wake.fire();
    subscriber?.disconnect();
  }
}

async function deploymentFinished(releaseId: string): Promise<boolean> {
  const d = await db.deployment.findFirst({
    where: { releaseId, kind: 'RELEASE', status: { in: ['SUCCEEDED', 'FAILED'] } },
    select: { id: true },
  });
  return d !== null;
}

/** A sleep that a pub/sub message can cut short. */
class Waker {
  private resolve: (() => void) | null = null;
  fire() {
    this.resolve?.();
    this.resolve = null;
  }
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.resolve = done;
    });
  }
}
