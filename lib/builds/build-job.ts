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
  schema: z.object({ buildId: z.string().min(1).max(64) }),
  jobId: (data) => data.buildId,
  handle: async ({ buildId }, ctx) => {
    const result = await runBuild(buildId, { signal: ctx.signal });
    if (result === 'busy') return ctx.retryIn(BUSY_RETRY_MS);
    return result;
  },
});

/** Queues a build; call after the transaction that created the QUEUED row committed. */
export const enqueueBuild = (buildId: string): Promise<void> => buildJob.enqueue({ buildId });
