import type { Actor } from '../auth/actor';
import { db, type Build } from '../db';
import { conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { toBuildDto, type BuildDto } from './build-dto';
import { getBuildForActor } from './get-build';
import { publishBuildDone } from './log-sink';

/**
 * POST /api/builds/<id>/cancel: cancels a build the actor may change (another team's build is a
 * 404) and records who asked.
 */
export async function cancelBuildForActor(actor: Actor, buildId: string): Promise<BuildDto> {
  const build = await getBuildForActor(actor, buildId, 'write');
  const updated = await cancelBuild(build.id);
  await recordEvent({
    kind: 'build.cancel',
    message: `Cancel requested for build #${build.number}`,
    appId: build.appId,
    appName: build.app.name,
    actor,
    data: { buildId: build.id },
  });
  return toBuildDto(updated);
}

/**
 * Cancels a build. QUEUED: marked CANCELLED at once (its job is skipped). RUNNING: flagged; the
 * worker running it sees the flag within a second, aborts the docker build (the engine stops the
 * build container) and marks it CANCELLED. Finished builds: CONFLICT. Checks no access: for the
 * API, cancelBuildForActor.
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
