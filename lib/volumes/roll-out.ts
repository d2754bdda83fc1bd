import type { Actor } from '../auth/actor';
import type { App, Tx } from '../db';
import { createDeployment } from '../deploys/request-deployment';

/**
 * Mounts are fixed when a container is created, so adding or removing a volume replaces the
 * app's instances with a rolling restart (start-first: each new instance is healthy before the
 * old one stops; see README "App volumes"). Nothing runs (no release yet, or stopped): the next
 * start mounts the current set, no deployment needed. Returns the deployment to enqueue.
 */
export async function rolloutForVolumes(tx: Tx, app: App, actor: Actor): Promise<string | null> {
  if (!app.currentReleaseId || app.desiredState !== 'RUNNING') return null;
  return createDeployment({ appId: app.id, kind: 'RESTART', releaseId: app.currentReleaseId, createdById: actor.id, reason: 'volumes changed' }, tx);
}
