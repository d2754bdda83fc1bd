// Build queue consumer: parses the job, runs lib/builds/run-build. Concurrency is the global
// build limit (BERTH_BUILD_CONCURRENCY); one build per app is enforced by runBuild's claim.
import { DelayedError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { config } from '../lib/config';
import { failStaleBuilds } from '../lib/builds/fail-stale-builds';
import { runBuild } from '../lib/builds/run-build';
import { QUEUE, queue, queuePrefix } from '../lib/queue/queues';
import { createRedis, redis } from '../lib/redis';
import type { BackgroundTask } from './task';

const ZBuildJob = z.object({ buildId: z.string().min(1).max(64) });
const BUSY_RETRY_MS = 2_000;

export async function start(): Promise<BackgroundTask> {
  const concurrency = config().BERTH_BUILD_CONCURRENCY;
  const lockKey = (id: string) => `${queuePrefix()}:${QUEUE.builds}:${id}:lock`;
  const stale = await failStaleBuilds(async (id) => (await redis().exists(lockKey(id))) === 1);
  if (stale) console.log(`[builds] marked ${stale} interrupted build(s) FAILED`);
  // Across every worker process of this installation, not only this one.
  await queue(QUEUE.builds).setGlobalConcurrency(concurrency);

  const stopping = new AbortController();
  const worker = new Worker(
    QUEUE.builds,
    async (job: Job, token?: string) => {
      const { buildId } = ZBuildJob.parse(job.data);
      const result = await runBuild(buildId, { signal: stopping.signal });
      if (result === 'busy') {
        // Another build of this app is running: come back shortly, keeping this job's id.
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
      return result;
    },
    { connection: createRedis(), prefix: queuePrefix(), concurrency },
  );
  worker.on('failed', (job, error) => console.error(`[builds] job ${job?.id} failed: ${error.message}`));

  return {
    name: 'builds',
    close: async () => {
      stopping.abort(new Error('worker stopping'));
      await worker.close();
    },
  };
}
