import { redis } from '../redis';
import { channel } from './channels';

/**
 * Live progress of an app's build/deploy, for the UI's SSE stream and `git push` output.
 * Only a live signal: every state it reports is also in Postgres (Build, Release, Instance).
 */
export type ProgressStep = 'repository' | 'build' | 'deploy' | 'release' | 'start' | 'health' | 'live' | 'failed';
export type Progress = {
  step: ProgressStep;
  status: 'running' | 'done' | 'failed';
  message: string;
  buildId?: string;
  releaseId?: string;
  url?: string;
  /** A line the app printed (release phase output), not a Berth message. */
  output?: boolean;
  at: string;
};

export async function publishProgress(appId: string, event: Omit<Progress, 'at'>): Promise<void> {
  const payload: Progress = { ...event, at: new Date().toISOString() };
  await redis().publish(channel.app(appId), JSON.stringify(payload)).catch(() => 0);
}
