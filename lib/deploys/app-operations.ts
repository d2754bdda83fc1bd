import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import { TIER_NAMES, tierFromName, type TierName } from '../model/tiers';
import type { Actor } from '../auth/actor';
import { db, Prisma, type DeploymentKind } from '../db';
import { badRequest, conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { createDeployment, enqueue } from './request-deployment';

/**
 * Operations on a running app (API and UI). Each one changes the desired state in PostgreSQL,
 * records an event and queues a deployment that makes Docker and the proxy follow; they return
 * at once with the deployment id (progress: GET /api/apps/<name>/deployments).
 */
export const MAX_INSTANCES = 20;

type Result = { deploymentId: string };

async function operate(
  actor: Actor,
  name: string,
  kind: DeploymentKind,
  change: (appId: string) => Promise<{ event: string; message: string; data?: Record<string, unknown> }>,
): Promise<Result> {
  const app = await findAppForActor(actor, name, 'write');
  const deploymentId = await db.$transaction(async (tx) => {
    const { event, message, data } = await change(app.id);
    const id = await createDeployment({ appId: app.id, kind, releaseId: app.currentReleaseId, createdById: actor.id }, tx);
    await recordEvent({ kind: event, message, appId: app.id, appName: app.name, actor, data: { ...data, deploymentId: id } }, tx);
    return id;
  });
  await enqueue(deploymentId);
  return { deploymentId };
}

/** POST /api/apps/<name>/scale {instances: 0..MAX_INSTANCES} */
export const ZScale = z.object({ instances: z.coerce.number().int().min(0).max(MAX_INSTANCES) });

export function scaleApp(actor: Actor, name: string, instances: number): Promise<Result> {
  if (!Number.isInteger(instances) || instances < 0 || instances > MAX_INSTANCES)
    throw badRequest(`Instances must be 0 to ${MAX_INSTANCES}`, { instances: `0 to ${MAX_INSTANCES}` });
  return operate(actor, name, 'SCALE', async (appId) => {
    await db.app.update({ where: { id: appId }, data: { instances } });
    return { event: 'app.scale', message: `Scaled ${name} to ${instances} instance${instances === 1 ? '' : 's'}`, data: { instances } };
  });
}

export function restartApp(actor: Actor, name: string): Promise<Result> {
  return operate(actor, name, 'RESTART', async () => ({ event: 'app.restart', message: `Restarted ${name} (rolling)` }));
}

export function stopApp(actor: Actor, name: string): Promise<Result> {
  return operate(actor, name, 'STOP', async (appId) => {
    await db.app.update({ where: { id: appId }, data: { desiredState: 'STOPPED', sleepingSince: null } });
    return { event: 'app.stop', message: `Stopped ${name}` };
  });
}

export function startApp(actor: Actor, name: string): Promise<Result> {
  return operate(actor, name, 'START', async (appId) => {
    await db.app.update({ where: { id: appId }, data: { desiredState: 'RUNNING', sleepingSince: null } });
    return { event: 'app.start', message: `Started ${name}` };
  });
}

/** POST /api/apps/<name>/tier {tier: small|medium|large} (any case) */
export const ZChangeTier = z.object({ tier: z.string().transform((t) => t.toLowerCase()).pipe(z.enum(TIER_NAMES)) });

/** New resources apply through a rolling replacement of every instance. */
export function changeTier(actor: Actor, name: string, tier: TierName): Promise<Result> {
  if (!TIER_NAMES.includes(tier)) throw badRequest('Tier must be small, medium or large', { tier: 'small, medium or large' });
  return operate(actor, name, 'RESTART', async (appId) => {
    await db.app.update({ where: { id: appId }, data: { tier: tierFromName(tier) } });
    return { event: 'app.tier', message: `Changed ${name} to ${tier}`, data: { tier } };
  });
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

export type HealthCheckSettings = { path: string; expectedStatus: number; timeoutMs: number; attempts: number } | null;

/** App-level health check (wins over app.json); applies from the next release. */
export async function setHealthCheck(actor: Actor, name: string, check: HealthCheckSettings): Promise<void> {
  const app = await findAppForActor(actor, name, 'write');
  if (check && !check.path.startsWith('/')) throw conflict('Health check path must start with /');
  await db.app.update({ where: { id: app.id }, data: { healthcheck: check ?? Prisma.DbNull } });
  await recordEvent({ kind: 'app.healthcheck', message: check ? `Health check set to GET ${check.path}` : 'Health check reset to default', appId: app.id, appName: app.name, actor });
}
