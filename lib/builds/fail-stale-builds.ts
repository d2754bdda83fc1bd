import { db } from '../db';
import { publishBuildDone } from './log-sink';

/**
 * At worker start: RUNNING builds whose job no live worker holds (BullMQ's per-job lock key has
 * expired) were interrupted by a crash or restart. They are marked FAILED rather than silently
 * re-run: a half-done build has nothing to resume, and the user can push again.
 * `isHeld(buildId)` says whether a live worker still holds the build's job.
 */
export async function failStaleBuilds(isHeld: (buildId: string) => Promise<boolean>): Promise<number> {
  const running = await db.build.findMany({ where: { status: 'RUNNING' }, select: { id: true } });
  let failed = 0;
  for (const { id } of running) {
    if (await isHeld(id)) continue;
    const result = await db.build.updateMany({
      where: { id, status: 'RUNNING' },
      data: {
        status: 'FAILED',
        failedStep: 'docker build',
        error: 'The build was interrupted: the worker restarted while it was running. Push again to rebuild.',
        finishedAt: new Date(),
      },
    });
    if (result.count) {
      failed += 1;
      await publishBuildDone(id, 'FAILED');
    }
  }
  return failed;
}
