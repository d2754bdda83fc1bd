import { z } from 'zod';
import { defineJob } from '../background/job';
import { runBuild } from './run-build';

/**
 * Queue `builds`: one job per Build row (job id = build id). Concurrency is the global build
 * limit (workers/builds.ts); one build per app is enforced by runBuild's claim — a job whose app
 * is busy comes back shortly, keeping its id.
 */
const BUSY_RETRY_MS = 2_000;

export const buildJob = defineJob({
  queue: 'builds',
  name: 'build',
  // `attempt` = Build.interruptions: a build run again after its worker died gets a new job id
  // (the dead worker's job may still sit in the queue's active or failed set under the old one).
  schema: z.object({ buildId: z.string().min(1).max(64), attempt: z.number().int().min(0).max(100).optional() }),
  jobId: (data) => buildJobId(data.buildId, data.attempt ?? 0),
  handle: async ({ buildId, attempt }, ctx) => {
    const result = await runBuild(buildId, { signal: ctx.signal, attempt: attempt ?? 0 });
    if (result === 'busy') return ctx.retryIn(BUSY_RETRY_MS);
    return result;
  },
});

/** The queue job id of a build's n-th run (0 = the first). */
export const buildJobId = (buildId: string, attempt = 0) => (attempt > 0 ? `${buildId}-r${attempt}` : buildId);

/** Queues a build; call after the transaction that created the QUEUED row committed. */
export const enqueueBuild = (buildId: string, attempt = 0): Promise<void> =>
  buildJob.enqueue(attempt > 0 ? { buildId, attempt } : { buildId });
