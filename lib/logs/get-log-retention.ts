import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';

export type LogRetentionSettings = { maxBytes: number; days: number };

/** How much runtime log an app the actor may see keeps: a size budget and an age limit. */
export async function getLogRetention(actor: Actor, appName: string): Promise<LogRetentionSettings> {
  const app = await findAppForActor(actor, appName, 'read');
  return { maxBytes: app.logRetentionBytes, days: app.logRetentionDays };
}
