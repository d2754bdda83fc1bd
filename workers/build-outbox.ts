import { startLoop } from '../lib/background/loop';
import { requeueQueuedBuilds } from '../lib/builds/requeue-queued-builds';
import { resumeInterruptedBuilds } from '../lib/builds/resume-interrupted-builds';
import { buildJob, buildJobId } from '../lib/builds/build-job';
import type { BackgroundTask } from './task';

/**
 * Every 5 s: RUNNING builds whose worker died are put back to QUEUED (or FAILED after repeated
 * interruptions: lib/builds/resume-interrupted-builds), then QUEUED builds get their queue job
 * back (lib/builds/requeue-queued-builds).
 */
export const BUILD_OUTBOX_INTERVAL_MS = 5_000;

export async function start(): Promise<BackgroundTask> {
  const loop = startLoop({
    name: 'builds outbox',
    intervalMs: BUILD_OUTBOX_INTERVAL_MS,
    run: async () => {
      const resumed = await resumeInterruptedBuilds((id, attempt) => buildJob.isHeld(buildJobId(id, attempt)));
      if (resumed.requeued.length) console.log(`[builds outbox] running ${resumed.requeued.length} interrupted build(s) again`);
      for (const e of (await requeueQueuedBuilds()).errors) console.warn(`[builds outbox] ${e}`);
    },
  });
  return { name: 'build-outbox', close: loop.close };
}
