import type { Actor } from '../auth/actor';
import { channel } from '../events/channels';
import { followChanges } from '../live/follow-changes';
import { appSparklines } from '../metrics/app-sparklines';
import { latestFailures } from './app-failures';
import type { AppListEvent, AppListItem } from './app-list-events';
import { listApps } from './list-apps';

/**
 * The apps list as it changes, for one actor (SSE, GET /api/live/apps): the apps they may see —
 * listApps scopes by membership, so another team's app never appears — with status, failure
 * reason and sparklines. Re-read on every "app changed" wake-up (channel.apps) and every 5 s
 * regardless (sparklines, and changes nobody announced); sent only when something differs.
 */
export function openAppListStream(actor: Actor): (signal: AbortSignal) => AsyncGenerator<AppListEvent> {
  return async function* (signal) {
    const changes = followChanges({
      channels: [channel.apps()],
      read: () => readAppList(actor),
      signal,
      // Redis only makes it faster: without it the list still refreshes from Postgres every 5 s.
      redis: { tolerateFailure: true, maxRetriesPerRequest: 1 },
    });
    for await (const apps of changes) yield { event: 'apps', data: { apps } };
  };
}

/** The rows of the apps list for `actor`, newest app first. */
export async function readAppList(actor: Actor): Promise<AppListItem[]> {
  const apps = await listApps(actor);
  const ids = apps.map((a) => a.id);
  const [failures, sparklines] = await Promise.all([latestFailures(ids), appSparklines(ids)]);
  return apps.map((a) => ({
    name: a.name,
    template: a.template,
    tier: a.tier,
    status: a.status,
    url: a.url,
    runningInstances: a.runningInstances,
    desiredInstances: a.desiredInstances,
    hosts: a.hosts,
    lastDeployAt: a.lastDeployAt,
    currentVersion: a.currentRelease?.version ?? null,
    failure: failures[a.id] ?? null,
    sparkline: sparklines[a.id] ?? { requests: [], cpu: [] },
  }));
}
