// Build queue consumer (job defined in lib/builds/build-job.ts). Concurrency is the global build
// limit (BERTH_BUILD_CONCURRENCY) across every worker process of this installation.
import { startJobWorker } from '../lib/background/job';
import { buildJob } from '../lib/builds/build-job';
import { failStaleBuilds } from '../lib/builds/fail-stale-builds';
import { config } from '../lib/config';
import type { BackgroundTask } from './task';

export async function start(): Promise<BackgroundTask> {
  const concurrency = config().BERTH_BUILD_CONCURRENCY;
  const stale = await failStaleBuilds(buildJob.isHeld);
  if (stale) console.log(`[builds] marked ${stale} interrupted build(s) FAILED`);
  // A stopping worker aborts its builds: they are marked FAILED, never left RUNNING.
  const worker = await startJobWorker(buildJob, { concurrency, globalConcurrency: concurrency, abortOnClose: true });
  return { name: 'builds', close: worker.close };
}
