import { db, type ReleaseStatus } from '../db';
import { end, pastDeadline, type DeployWatch } from './deploy-watch';
import { drainProgress } from './drain-progress';
import { latestRelease, type ReleaseRow } from './latest-release';
import type { DeployOutcome, FollowEvent } from './progress-events';

/**
 * Step 3 of followDeploy: the release's status changes and deploy progress (starting, health
 * check) until it is live, failed or superseded.
 */
export async function* followRelease(watch: DeployWatch, first: ReleaseRow): AsyncGenerator<FollowEvent> {
  let release: ReleaseRow | null = first;
  let lastStatus: ReleaseStatus | null = null;
  for (;;) {
    if (!release) return yield end('superseded'); // deleted with its app
    if (release.status !== lastStatus) {
      lastStatus = release.status;
      const { id: releaseId, version, status, failureReason } = release;
      yield { type: 'release', releaseId, version, status, failureReason };
    }
    const outcome = await outcomeOf(release, watch);
    if (outcome) return yield end(outcome);
    if (pastDeadline(watch)) return yield end('timeout');
    await watch.subscription.wait(watch.pollMs, watch.signal);
    if (watch.signal?.aborted) return;
    yield* drainProgress(watch, release.id);
    release = await latestRelease(watch.buildId);
  }
}

async function outcomeOf(release: ReleaseRow, watch: DeployWatch): Promise<DeployOutcome | null> {
  if (release.status === 'SUPERSEDED') return 'superseded';
  if (release.status === 'FAILED') return 'deploy-failed';
  // LIVE is written just before the proxy switches: the release is only really live for users
  // once the deploy says so ("live" progress) or its Deployment row finished.
  if (release.status === 'LIVE' && (watch.progress.sawLiveMessage(release.id) || (await deploymentFinished(release.id)))) return 'live';
  return null;
}

async function deploymentFinished(releaseId: string): Promise<boolean> {
  const d = await db.deployment.findFirst({
    where: { releaseId, kind: 'RELEASE', status: { in: ['SUCCEEDED', 'FAILED'] } },
    select: { id: true },
  });
  return d !== null;
}
