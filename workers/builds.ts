// Build queue consumer (job defined in lib/builds/build-job.ts). Concurrency is the global build
// limit (BERTH_BUILD_CONCURRENCY) across every worker process of this installation.
import { startJobWorker } from '../lib/background/job';
import { buildJob, buildJobId } from '../lib/builds/build-job';
import { resumeInterruptedBuilds } from '../lib/builds/resume-interrupted-builds';
import { config } from '../lib/config';
import type { BackgroundTask } from './task';

export async function start(): Promise<BackgroundTask> {
  const concurrency = config().BERTH_BUILD_CONCURRENCY;
  const stale = await resumeInterruptedBuilds((id, attempt) => buildJob.isHeld(buildJobId(id, attempt)));
  if (stale.requeued.length) console.log(`[builds] running ${stale.requeued.length} interrupted build(s) again`);
  if (stale.failed.length) console.log(`[builds] marked ${stale.failed.length} interrupted build(s) FAILED`);
  // A stopping worker aborts its builds: they are marked FAILED, never left RUNNING.
  const worker = await startJobWorker(buildJob, { concurrency, globalConcurrency: concurrency, abortOnClose: true });
  return { name: 'builds', close: worker.close };
}
