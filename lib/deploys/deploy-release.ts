import { appUrl } from '../model/app-url';
import { db, type App, type Deployment, type Instance, type Release } from '../db';
import { describeError } from '../errors';
import { publishProgress } from '../events/progress';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import { desiredSlots } from './desired-slots';
import { deployScriptsOf, runDeployScript } from './run-deploy-script';
import { retireInstances, startSlots } from './start-slots';
import { PRESENT_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * Rolls an app onto a release with no gap:
 *   start every instance of the new release and wait until each passes its health check →
 *   mark it LIVE (App.currentReleaseId) and rewrite nginx so its upstream is the new instances
 *   (graceful reload; resolves after the old workers drained) → stop the old instances (SIGTERM,
 *   grace period) → remove them.
 * Anything failing before the switch marks the release FAILED, removes its containers and frees
 * their reservations; the previous release was never touched and keeps serving.
 */
export async function deployRelease(deployment: Deployment, signal?: AbortSignal): Promise<void> {
  const release = await db.release.findUniqueOrThrow({ where: { id: deployment.releaseId! } });
  const app = await db.app.findUniqueOrThrow({ where: { id: deployment.appId } });
  if (release.status === 'LIVE' || release.status === 'SUPERSEDED') return; // a retried job that already finished
  if (release.status === 'FAILED') throw new Error(release.failureReason ?? 'release failed earlier');

  // Never go backwards: a newer release already went live while this one waited in the queue.
  const newer = await db.release.findFirst({ where: { appId: app.id, version: { gt: release.version }, status: { in: ['LIVE', 'SUPERSEDED'] } } });
  if (newer) {
    await db.release.update({
      where: { id: release.id },
      data: { status: 'FAILED', failureReason: `skipped: v${newer.version} went live before this release was deployed` },
    });
    return;
  }
  await db.release.update({ where: { id: release.id }, data: { status: 'DEPLOYING', failureReason: null } });
  const label = `v${release.version}`;
  await publishProgress(app.id, { step: 'deploy', status: 'running', message: `Deploying ${label}`, releaseId: release.id });

  const slots = app.desiredState === 'RUNNING' ? desiredSlots(app.instances, processTypesOf(release)) : [];
  const scripts = deployScriptsOf(release);
  let started: Instance[] = [];
  try {
    if (scripts.predeploy) await runDeployScript(app, release, 'predeploy', scripts.predeploy, signal);
    if (slots.length > 0) {
      await publishProgress(app.id, {
        step: 'start',
        status: 'running',
        message: `Starting ${slots.length} instance${slots.length === 1 ? '' : 's'} of ${label}`,
        releaseId: release.id,
      });
      started = await startSlots(app, release, slots, signal);
      await publishProgress(app.id, { step: 'health', status: 'done', message: 'Health check passed', releaseId: release.id });
    }
    // Before the switch: a failing postdeploy leaves the previous release serving.
    if (scripts.postdeploy) await runDeployScript(app, release, 'postdeploy', scripts.postdeploy, signal);
  } catch (error) {
    await retireInstances(started).catch((e) => console.warn(`[deploys] retire: ${describeError(e)}`));
    await failRelease(app, release, describeError(error));
    throw error;
  }
  await switchTo(app, release);
}

export function processTypesOf(release: Pick<Release, 'processTypes'>): Record<string, string> {
  const value = release.processTypes;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

async function switchTo(app: App, release: Release): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.release.updateMany({
      where: { appId: app.id, status: 'LIVE', id: { not: release.id } },
      data: { status: 'SUPERSEDED' },
    });
    await tx.release.update({ where: { id: release.id }, data: { status: 'LIVE', deployedAt: new Date() } });
    await tx.app.update({ where: { id: app.id }, data: { currentReleaseId: release.id } });
  });
  // Traffic moves to the new instances; old workers finish their in-flight requests first.
  await syncProxy();
  const old = await db.instance.findMany({
    where: { appId: app.id, releaseId: { not: release.id }, status: { in: [...PRESENT_INSTANCE_STATUSES] } },
  });
  await retireInstances(old);

  const url = appUrl(app.name);
  await recordEvent({
    kind: 'deploy.live',
    message: `v${release.version} is live (${release.description})`,
    appId: app.id,
    appName: app.name,
    data: { releaseId: release.id, version: release.version, url },
  });
  await publishProgress(app.id, { step: 'live', status: 'done', message: `v${release.version} is live at ${url}`, url, releaseId: release.id });
}

async function failRelease(app: App, release: Release, reason: string): Promise<void> {
  await db.release.update({ where: { id: release.id }, data: { status: 'FAILED', failureReason: reason } });
  await recordEvent({
    kind: 'deploy.failed',
    message: `v${release.version} failed: ${reason}`,
    appId: app.id,
    appName: app.name,
    data: { releaseId: release.id, version: release.version },
  });
  // The app's server block exists even before its first success (503 page instead of 404).
  await syncProxy().catch((e) => console.warn(`[deploys] proxy sync: ${describeError(e)}`));
  const keeps = app.currentReleaseId ? ' — the previous release keeps serving' : '';
  await publishProgress(app.id, { step: 'failed', status: 'failed', message: `Deploy failed: ${reason}${keeps}`, releaseId: release.id });
}
