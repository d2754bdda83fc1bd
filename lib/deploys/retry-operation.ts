import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { conflict, notFound } from '../errors';
import { isOperationKind } from '../model/operation';
import { TIER_NAMES, type TierName } from '../model/tiers';
import { changeTier, restartApp, startApp, stopApp } from './app-operations';
import { scaleApp, ZScale } from './scale-app';

/**
 * Retry of a failed scale, restart, start or stop (the Overview banner's button): the same
 * request again through the same verb, so it is checked (capacity, access) as if asked anew and
 * makes a new deployment; the failed row stays as history. A release is retried by Redeploy.
 */
export async function retryOperation(actor: Actor, name: string, deploymentId: string): Promise<{ deploymentId: string }> {
  const app = await findAppForActor(actor, name, 'write');
  const failed = await db.deployment.findFirst({ where: { id: deploymentId, appId: app.id } });
  if (!failed) throw notFound('Deployment');
  if (failed.status !== 'FAILED') throw conflict('Only a failed operation can be retried');
  if (!isOperationKind(failed.kind)) throw conflict('A release is retried with Redeploy');
  const request = (failed.request ?? {}) as Record<string, unknown>;
  switch (failed.kind) {
    case 'SCALE': {
      const parsed = ZScale.safeParse(request);
      if (!parsed.success || Object.keys(parsed.data).length === 0) throw conflict('This scale did not keep its request; scale again from Settings');
      return scaleApp(actor, name, parsed.data);
    }
    case 'RESTART':
      return typeof request.tier === 'string' && (TIER_NAMES as readonly string[]).includes(request.tier)
        ? changeTier(actor, name, request.tier as TierName)
        : restartApp(actor, name);
    case 'START':
      return startApp(actor, name);
    case 'STOP':
      return stopApp(actor, name);
  }
}
