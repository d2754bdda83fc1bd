import { db } from '../db';
import { end, pastDeadline, type DeployWatch } from './deploy-watch';
import { drainProgress } from './drain-progress';
import type { DeployOutcome, FollowEvent } from './progress-events';
import { latestRelease, type ReleaseRow } from './latest-release';

/** The build worker creates the release right after the build; if none appears, say so instead
 * of hanging a push for its whole timeout. */
const NO_RELEASE_AFTER_MS = 90_000;

/**
 * Step 2 of followDeploy: the build succeeded; wait for its release row. Returns it, or null
 * when the follow is over (its `end` event was yielded, or the client left).
 */
export async function* waitForRelease(watch: DeployWatch): AsyncGenerator<FollowEvent, ReleaseRow | null> {
  const builtAt = Date.now();
  for (;;) {
    yield* drainProgress(watch, null);
    const release = await latestRelease(watch.buildId);
    if (release) return release;
    const outcome = await givenUp(watch, builtAt);
    if (outcome) {
      yield end(outcome);
      return null;
    }
    await watch.subscription.wait(watch.pollMs, watch.signal);
    if (watch.signal?.aborted) return null;
  }
}

/** Why there will be no release to follow, if so. */
async function givenUp(watch: DeployWatch, builtAt: number): Promise<DeployOutcome | null> {
  if ((await db.build.count({ where: { id: watch.buildId } })) === 0) return 'superseded'; // deleted with its app
  if (Date.now() - builtAt > NO_RELEASE_AFTER_MS || pastDeadline(watch)) return 'timeout';
  return null;
}
