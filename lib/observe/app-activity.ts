import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { toActivityEntry, type ActivityEntry } from './activity-entry';
import { toEventDto } from './list-events';

export type AppActivityOptions = {
  /** Container and instance events too (start, exit, health): off by default, they flood the feed. */
  containers?: boolean;
  limit?: number;
};

/**
 * The app's one activity feed, newest first: pushes and builds, releases (deploys, rollbacks,
 * redeploys), config (env, health check, domains, add-ons), scale and run state — with who did it.
 */
export async function listAppActivity(actor: Actor, name: string, options: AppActivityOptions = {}): Promise<ActivityEntry[]> {
  const app = await findAppForActor(actor, name, 'read');
  const rows = await db.event.findMany({
    where: {
      appId: app.id,
      ...(options.containers ? {} : { NOT: [{ kind: { startsWith: 'container.' } }, { kind: { startsWith: 'instance.' } }] }),
    },
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(options.limit ?? 30, 1), 200),
  });
  return rows.map((e) => toActivityEntry(toEventDto(e)));
}
