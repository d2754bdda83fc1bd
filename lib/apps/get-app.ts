import type { Actor } from '../auth/actor';
import { db } from '../db';
import { findAppForActor } from '../auth/app-access';
import { appSummaryInclude, toAppSummary, type AppSummary } from './app-summary';

/** One app's summary (status, current release, instances) if the actor may see it, else 404. */
export async function getApp(actor: Actor, name: string): Promise<AppSummary> {
  const app = await findAppForActor(actor, name, 'read');
  const full = await db.app.findUniqueOrThrow({ where: { id: app.id }, include: appSummaryInclude });
  return toAppSummary(full);
}
