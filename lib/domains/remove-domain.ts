import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import { findCustomDomain } from './list-domains';

/** Removes a custom domain (its certificate goes with it) and re-syncs the edge. The default route stays. */
export async function removeDomain(actor: Actor, appName: string, hostname: string): Promise<void> {
  const app = await findAppForActor(actor, appName, 'write');
  const route = await findCustomDomain(app.id, hostname);
  await db.$transaction(async (tx) => {
    await tx.route.delete({ where: { id: route.id } });
    await recordEvent(
      { kind: 'domain.remove', message: `Removed domain ${route.hostname}`, appId: app.id, appName: app.name, actor, data: { hostname: route.hostname } },
      tx,
    );
  });
  await syncProxy().catch((error) => console.error(`[domains] proxy sync after removing ${route.hostname} failed: ${describeError(error)}`));
}
