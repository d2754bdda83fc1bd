import type { Actor } from '../auth/actor';
import { db } from '../db';
import { restartApp } from '../deploys/app-operations';
import { WANTED_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * Moves the apps off a draining host: every app with an instance there gets a rolling restart
 * (DEPLOYS' queue). Each replacement is placed by the scheduler, which skips DRAINING hosts, so
 * it lands elsewhere; the old instance is retired only after its replacement is healthy. When
 * nothing else has room the restart fails and the app keeps running where it is.
 * Returns the queued deployment ids.
 */
export async function evacuateHost(actor: Actor, hostId: string): Promise<string[]> {
  const apps = await db.app.findMany({
    where: { instanceRows: { some: { hostId, status: { in: [...WANTED_INSTANCE_STATUSES] } } } },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  const ids: string[] = [];
  for (const app of apps) ids.push((await restartApp(actor, app.name)).deploymentId);
  return ids;
}
