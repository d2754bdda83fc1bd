import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import { TIER_NAMES, tierFromName, tierResources, type TierName } from '../model/tiers';
import type { Actor } from '../auth/actor';
import { db, Prisma, type App, type DeploymentKind, type Tx } from '../db';
import { AppError, badRequest, conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { publishAppChanged } from '../events/progress';
import { ACTIVE_INSTANCE_STATUSES } from '../model/instance-status';
import { checkFit } from '../scheduler/check-fit';
import { recordRefusedOperation } from './operation-failure';
import { hostConstraintsOf } from './place-instance';
import { createDeployment, enqueue } from './request-deployment';

/**
 * Operations on a running app (API and UI). Each one changes the desired state in PostgreSQL,
 * records an event and queues a deployment that makes Docker and the proxy follow; they return
 * at once with the deployment id (progress: GET /api/apps/<name>/deployments). Scaling the
 * formation is `scale-app.ts`.
 */

type Result = { deploymentId: string };

async function operate(
  actor: Actor,
  name: string,
  kind: DeploymentKind,
  // Runs inside the transaction: every write goes through `tx` (a write on `db` would need a second
  // pooled connection while this one is held, and concurrent operations then starve the pool).
  change: (appId: string, tx: Tx) => Promise<{ event: string; message: string; data?: Record<string, unknown> }>,
  request?: Prisma.InputJsonValue,
): Promise<Result> {
  const app = await findAppForActor(actor, name, 'write');
  const deploymentId = await db.$transaction(async (tx) => {
    const { event, message, data } = await change(app.id, tx);
    const id = await createDeployment({ appId: app.id, kind, releaseId: app.currentReleaseId, createdById: actor.id, request }, tx);
    await recordEvent({ kind: event, message, appId: app.id, appName: app.name, actor, data: { ...data, deploymentId: id } }, tx);
    return id;
  });
  await enqueue(deploymentId);
  await publishAppChanged(app.id); // e.g. stopped: the apps list shows it without waiting for its poll
  return { deploymentId };
}

export function restartApp(actor: Actor, name: string): Promise<Result> {
  return operate(actor, name, 'RESTART', async () => ({ event: 'app.restart', message: `Restarted ${name} (rolling)` }));
}

export function stopApp(actor: Actor, name: string): Promise<Result> {
  return operate(actor, name, 'STOP', async (appId, tx) => {
    await tx.app.update({ where: { id: appId }, data: { desiredState: 'STOPPED', sleepingSince: null } });
    return { event: 'app.stop', message: `Stopped ${name}` };
  });
}

export function startApp(actor: Actor, name: string): Promise<Result> {
  return operate(actor, name, 'START', async (appId, tx) => {
    await tx.app.update({ where: { id: appId }, data: { desiredState: 'RUNNING', sleepingSince: null } });
    return { event: 'app.start', message: `Started ${name}` };
  });
}

/** POST /api/apps/<name>/tier {tier: small|medium|large} (any case) */
export const ZChangeTier = z.object({ tier: z.string().transform((t) => t.toLowerCase()).pipe(z.enum(TIER_NAMES)) });

/**
 * The app's tier: every process type (per-type tiers set by a scale are cleared) and the release
 * phase. New resources apply through a rolling replacement of every instance; refused with the
 * reason, changing nothing, when the app on the new tier would not fit.
 */
export async function changeTier(actor: Actor, name: string, tier: TierName): Promise<Result> {
  if (!TIER_NAMES.includes(tier)) throw badRequest('Tier must be small, medium or large', { tier: 'small, medium or large' });
  await refuseTierPastCapacity(await findAppForActor(actor, name, 'write'), actor, tier);
  return operate(
    actor,
    name,
    'RESTART',
    async (appId, tx) => {
      await tx.app.update({ where: { id: appId }, data: { tier: tierFromName(tier) } });
      await tx.processFormation.updateMany({ where: { appId }, data: { tier: null } });
      return { event: 'app.tier', message: `Changed ${name} to ${tier}`, data: { tier } };
    },
    { tier },
  );
}

/** PUT /api/apps/<name>/healthcheck {healthcheck: {...} | null} */
export const ZSetHealthCheck = z.object({
  healthcheck: z
    .object({
      path: z.string().regex(/^\/[^\s]*$/, 'must start with /').max(512),
      expectedStatus: z.coerce.number().int().min(100).max(599).default(200),
      timeoutMs: z.coerce.number().int().min(100).max(60_000).default(5_000),
      attempts: z.coerce.number().int().min(1).max(60).default(3),
    })
    .nullable(),
});

/**
 * Every running instance of the app again on `tier`, with the app's current instances gone: does
 * it fit? A refusal is kept as a FAILED RESTART (with the tier, for Retry) so it stays visible.
 */
async function refuseTierPastCapacity(app: App, actor: Actor, tier: TierName): Promise<void> {
  if (!app.currentReleaseId || app.desiredState !== 'RUNNING') return;
  const running = await db.instance.findMany({
    where: { appId: app.id, status: { in: [...ACTIVE_INSTANCE_STATUSES] } },
    select: { hostId: true, cpuRequest: true, memoryRequestMb: true },
  });
  const r = tierResources(tierFromName(tier));
  const misfit = await checkFit(
    running.map(() => ({
      appId: app.id,
      releaseId: app.currentReleaseId!,
      cpu: r.cpuRequest,
      memoryMb: r.memoryRequestMb,
      strategy: app.placement,
      constraints: hostConstraintsOf(app),
    })),
    { without: running },
  );
  if (!misfit) return;
  const reason = `Not enough capacity for ${running.length} ${tier} instance${running.length === 1 ? '' : 's'}: ${misfit.reason}`;
  await recordRefusedOperation(app, actor, 'RESTART', { tier }, { step: 'placement', reason, detail: null });
  throw new AppError('CONFLICT', reason);
}

export type HealthCheckSettings = { path: string; expectedStatus: number; timeoutMs: number; attempts: number } | null;

/** App-level health check (wins over app.json); applies from the next release. */
export async function setHealthCheck(actor: Actor, name: string, check: HealthCheckSettings): Promise<void> {
  const app = await findAppForActor(actor, name, 'write');
  if (check && !check.path.startsWith('/')) throw conflict('Health check path must start with /');
  await db.app.update({ where: { id: app.id }, data: { healthcheck: check ?? Prisma.DbNull } });
  await recordEvent({ kind: 'app.healthcheck', message: check ? `Health check set to GET ${check.path}` : 'Health check reset to default', appId: app.id, appName: app.name, actor });
}
