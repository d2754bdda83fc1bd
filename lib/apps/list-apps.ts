import type { Actor } from '../auth/actor';
import { db } from '../db';
import { appsVisibleTo } from '../auth/app-access';
import type { AppStatus } from './app-status';
import { appSummaryInclude, toAppSummary, type AppSummary } from './app-summary';

export type ListAppsOptions = { search?: string; status?: AppStatus };

/** Apps the actor may see, newest first, optionally filtered by name substring and status. */
export async function listApps(actor: Actor, options: ListAppsOptions = {}): Promise<AppSummary[]> {
  const search = options.search?.trim().toLowerCase();
  const apps = await db.app.findMany({
    where: { AND: [appsVisibleTo(actor), search ? { name: { contains: search } } : {}] },
    include: appSummaryInclude,
    orderBy: { createdAt: 'desc' },
    take: 500,
  });
  const summaries = apps.map(toAppSummary);
  return options.status ? summaries.filter((a) => a.status === options.status) : summaries;
}
