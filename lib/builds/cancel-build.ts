import { db, type Build } from '../db';
import { conflict } from '../errors';
import { publishBuildDone } from './log-sink';

/**
 * Cancels a build. QUEUED: marked CANCELLED at once (its job is skipped). RUNNING: flagged; the
 * worker running it sees the flag within a second, aborts the docker build (the engine stops the
 * build container) and marks it CANCELLED. Finished builds: CONFLICT. Access is checked by the
 * caller (getBuildForActor).
 */
export async function cancelBuild(buildId: string): Promise<Build> {
  const queued = await db.build.updateMany({
    where: { id: buildId, status: 'QUEUED' },
    data: { status: 'CANCELLED', cancelRequested: true, error: 'cancelled', finishedAt: new Date() },
  });
  if (queued.count === 1) {
    await publishBuildDone(buildId, 'CANCELLED');
  } else {
    const running = await db.build.updateMany({ where: { id: buildId, status: 'RUNNING' }, data: { cancelRequested: true } });
    if (running.count === 0) {
      const build = await db.build.findUniqueOrThrow({ where: { id: buildId } });
      throw conflict(`Build #${build.number} already ${build.status.toLowerCase()}`);
    }
  }
  return db.build.findUniqueOrThrow({ where: { id: buildId } });
}
