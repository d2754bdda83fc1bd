import type { Progress } from '../model/progress';
import { redis } from '../redis';
import { channel } from './channels';

/** Live progress of an app's build/deploy, for the UI's SSE stream and `git push` output. */
export async function publishProgress(appId: string, event: Omit<Progress, 'at'>): Promise<void> {
  const payload: Progress = { ...event, at: new Date().toISOString() };
  await redis().publish(channel.app(appId), JSON.stringify(payload)).catch(() => 0);
  await publishAppChanged(appId);
}

/**
 * Tells apps-list streams that an app's state may have changed (a build or deploy step, created,
 * deleted, crashed). Only a wake-up: the streams read the state itself from Postgres.
 */
export async function publishAppChanged(appId: string): Promise<void> {
  await redis().publish(channel.apps(), JSON.stringify({ appId })).catch(() => 0);
}
