import { appUrl } from '../model/app-url';
import { db, type App, type Deployment, type Instance, type Release, type Tx } from '../db';
import { parseStoredFormation, withAppJsonFormation, type FormationRow } from '../model/formation';
import { describeError } from '../errors';
import { publishProgress } from '../events/progress';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import { desiredSlots } from './desired-slots';
import { deployScriptsOf, runDeployScript } from './run-deploy-script';
import { runReleasePhase } from './release-phase';
import { retireInstances, startSlots } from './start-slots';
import { SLOT_INSTANCE_STATUSES } from '../model/instance-status';
import type { DeployStep } from '../model/deploy-failure';
import { deployFailureOf } from './deploy-failure';

/**
 * Rolls an app onto a release with no gap:
 *   app.json's formation applied (types no user scaled) → the release phase (Procfile
 *   `release:`, once per release, in a one-off container) →
 *   start every instance of the new release and wait until each passes its health check →
 *   mark it LIVE (App.currentReleaseId) and rewrite nginx so its upstream is the new instances
 *   (graceful reload) → "live" told (git push returns) → once the old nginx workers drained,
 *   stop the old instances (SIGTERM, grace period) → remove them.
 * Anything failing before the switch marks the release FAILED, removes its containers and frees
 * their reservations; the previous release was never touched and keeps serving.
 */
export async function deployRelease(deployment: Deployment, signal?: AbortSignal): Promise<void> {
  const release = await db.release.findUniqueOrThrow({ where: { id: deployment.releaseId! } });
  const stored = await db.app.findUniqueOrThrow({ where: { id: deployment.appId }, include: { formation: true } });
  // app.json's formation counts for this release's instances now, and is saved when it goes live.
  const app = { ...stored, formation: withAppJsonFormation(stored.formation, parseStoredFormation(release.formation)) };
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
  await db.release.update({ where: { id: release.id }, data: { status: 'DEPLOYING', failureReason: null, failedStep: null, failureDetail: null } });
  const label = `v${release.version}`;
  await publishProgress(app.id, { step: 'deploy', status: 'running', message: `Deploying ${label}`, releaseId: release.id });

  const scripts = deployScriptsOf(release);
  let started: Instance[] = [];
  // The step a failure is reported under (placement and health check refine it when they fail).
  let step: DeployStep = 'predeploy';
  try {
    // Dokku's order: app.json predeploy, then the Procfile release phase, then the new instances.
    if (scripts.predeploy) await runDeployScript(app, release, 'predeploy', scripts.predeploy, signal);
    step = 'release phase';
    await runReleasePhase(app, release, signal);
    step = 'start';
    const slots = app.desiredState === 'RUNNING' ? desiredSlots(app, processTypesOf(release)) : [];
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
    step = 'postdeploy';
    if (scripts.postdeploy) await runDeployScript(app, release, 'postdeploy', scripts.postdeploy, signal);
  } catch (error) {
    await retireInstances(started).catch((e) => console.warn(`[deploys] retire: ${describeError(e)}`));
    await failRelease(app, release, deployFailureOf(error, step));
    throw error;
  }
  await switchTo(app, release);
}

/**
 * Stores the formation a release went live with: app.json rows only — a user's rows (also one
 * written by a scale while this deploy ran: both lock the App row) are never touched.
 */
async function saveFormation(tx: Tx, appId: string, formation: readonly FormationRow[]): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${appId} FOR UPDATE`;
  const declared = formation.filter((r) => r.fromAppJson);
  await tx.processFormation.deleteMany({ where: { appId, fromAppJson: true, processType: { notIn: declared.map((r) => r.processType) } } });
  const users = new Set(
    (await tx.processFormation.findMany({ where: { appId, fromAppJson: false }, select: { processType: true } })).map((r) => r.processType),
  );
  for (const row of declared) {
    if (users.has(row.processType)) continue;
    const data = { quantity: row.quantity, tier: row.tier, fromAppJson: true };
    await tx.processFormation.upsert({
      where: { appId_processType: { appId, processType: row.processType } },
      create: { appId, processType: row.processType, ...data },
      update: data,
    });
  }
}

export function processTypesOf(release: Pick<Release, 'processTypes'>): Record<string, string> {
  const value = release.processTypes;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

async function switchTo(app: App & { formation: FormationRow[] }, release: Release): Promise<void> {
  await db.$transaction(async (tx) => {
    await saveFormation(tx, app.id, app.formation);
    await tx.release.updateMany({
      where: { appId: app.id, status: 'LIVE', id: { not: release.id } },
      data: { status: 'SUPERSEDED' },
    });
    await tx.release.update({ where: { id: release.id }, data: { status: 'LIVE', deployedAt: new Date() } });
    await tx.app.update({ where: { id: app.id }, data: { currentReleaseId: release.id } });
  });
  // Traffic moves to the new instances: once every new connection gets the new config the
  // release is live for users, and `git push` / the UI are told so at once. Old nginx workers
  // finish their in-flight requests meanwhile, and the old instances are retired after them
  // (retireInstances waits for that drain); the Deployment row finishes only then.
  await syncProxy({ drained: false });
  const url = appUrl(app.name);
  await recordEvent({
    kind: 'deploy.live',
    message: `v${release.version} is live (${release.description})`,
    appId: app.id,
    appName: app.name,
    data: { releaseId: release.id, version: release.version, url },
  });
  await publishProgress(app.id, { step: 'live', status: 'done', message: `v${release.version} is live at ${url}`, url, releaseId: release.id });
  const old = await db.instance.findMany({
    where: { appId: app.id, releaseId: { not: release.id }, status: { in: [...SLOT_INSTANCE_STATUSES] } },
  });
  await retireInstances(old);
}

/** Stores why (step, short reason, detail for a collapsible section) and tells the timeline and live views. */
async function failRelease(app: App, release: Release, failure: ReturnType<typeof deployFailureOf>): Promise<void> {
  const { step, reason, detail } = failure;
  await db.release.update({
    where: { id: release.id },
    data: { status: 'FAILED', failureReason: reason.slice(0, 2000), failedStep: step, failureDetail: detail?.slice(0, 20_000) ?? null },
  });
  await recordEvent({
    kind: 'deploy.failed',
    message: `v${release.version} failed at ${step}: ${reason}`,
    appId: app.id,
    appName: app.name,
    data: { releaseId: release.id, version: release.version, step },
  });
  // The app's server block exists even before its first success (503 page instead of 404).
  await syncProxy({ drained: false }).catch((e) => console.warn(`[deploys] proxy sync: ${describeError(e)}`));
  const keeps = app.currentReleaseId ? ' — the previous release keeps serving' : '';
  await publishProgress(app.id, { step: 'failed', status: 'failed', message: `Deploy failed: ${reason}${keeps}`, releaseId: release.id });
}
