// Types only, shared by the server and the apps list in the browser: nothing here may pull
// server code into a client bundle.
import type { Sparkline } from '../metrics/app-sparklines';
import type { AppStatus } from './app-status';

/** One row of the live apps list: what the dashboard shows, nothing more. */
export type AppListItem = {
  name: string;
  template: string;
  tier: string;
  status: AppStatus;
  url: string;
  runningInstances: number;
  desiredInstances: number;
  hosts: string[];
  lastDeployAt: string | null;
  currentVersion: number | null;
  /** Why the latest build or deploy failed (kept until a newer one succeeds), else null. */
  failure: string | null;
  /** Requests per minute and CPU %, last 30 minutes, oldest first. */
  sparkline: Sparkline;
};

/**
 * The events of GET /api/live/apps (SSE event name → JSON data): the whole list the actor may
 * see, first at once and then after every change.
 */
export type AppListEvent = { event: 'apps'; data: { apps: AppListItem[] } };
