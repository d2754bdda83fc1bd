import { config } from '../config';
import { db } from '../db';
import { putToSleep } from './sleep-app';

/**
 * Puts idle apps to sleep (the sleeper loop, workers/sleeper.ts; `now` comes from its Clock so
 * tests move time instead of waiting). An app is idle when, for its threshold
 * (`sleepAfterIdleMinutes`, else BERTH_SLEEP_AFTER_IDLE_MINUTES; 0 = never), the proxy access
 * log (ingested into RequestStat per minute) shows no request and no deployment started it
 * (a fresh deploy or a wake counts as activity, so an app is never put to sleep right after it
 * came up). A request counts until the end of its minute bucket.
 */
export async function sleepIdleApps(now: Date): Promise<string[]> {
  const fallback = config().BERTH_SLEEP_AFTER_IDLE_MINUTES;
  const apps = await db.app.findMany({
    where: {
      desiredState: 'RUNNING',
      sleepingSince: null,
      currentReleaseId: { not: null },
      OR: [{ sleepAfterIdleMinutes: { gt: 0 } }, ...(fallback > 0 ? [{ sleepAfterIdleMinutes: null }] : [])],
    },
    select: { id: true, name: true, sleepAfterIdleMinutes: true },
  });
  if (apps.length === 0) return [];
  const ids = apps.map((a) => a.id);
  const [requests, deployments] = await Promise.all([
    db.requestStat.groupBy({ by: ['appId'], where: { appId: { in: ids }, count: { gt: 0 } }, _max: { minute: true } }),
    db.deployment.groupBy({ by: ['appId'], where: { appId: { in: ids } }, _max: { createdAt: true } }),
  ]);
  const lastRequest = new Map(requests.map((r) => [r.appId, (r._max.minute?.getTime() ?? 0) + 60_000]));
  const lastDeploy = new Map(deployments.map((d) => [d.appId, d._max.createdAt?.getTime() ?? 0]));
  const slept: string[] = [];
  for (const app of apps) {
    const minutes = app.sleepAfterIdleMinutes ?? fallback;
    if (minutes <= 0) continue;
    const lastActivity = Math.max(lastRequest.get(app.id) ?? 0, lastDeploy.get(app.id) ?? 0);
    if (now.getTime() - lastActivity < minutes * 60_000) continue;
    const done = await putToSleep(app, { actor: null, reason: `idle for ${minutes} min` }, now);
    if (done) slept.push(app.name);
  }
  return slept;
}
