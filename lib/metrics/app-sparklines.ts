import { db, Prisma } from '../db';

/** Minutes a sparkline covers, oldest first; the last point is the current (partial) minute. */
export const SPARKLINE_MINUTES = 30;

/** Per minute: requests served and CPU % (summed over the app's instances). */
export type Sparkline = { requests: number[]; cpu: number[] };

/**
 * Sparklines for the apps list, from what the observer already stores (RequestStat per minute,
 * MetricSample per instance): two grouped queries for all the apps at once. Callers pass only
 * app ids the actor may see (the list is access-filtered before this is asked).
 */
export async function appSparklines(appIds: string[], now = new Date()): Promise<Record<string, Sparkline>> {
  const out: Record<string, Sparkline> = {};
  if (appIds.length === 0) return out;
  const end = Math.floor(now.getTime() / 60_000);
  const start = end - SPARKLINE_MINUTES + 1;
  const since = new Date(start * 60_000);
  for (const id of appIds) out[id] = { requests: zeros(), cpu: zeros() };

  const [requests, cpu] = await Promise.all([
    db.requestStat.findMany({
      where: { appId: { in: appIds }, minute: { gte: since } },
      select: { appId: true, minute: true, count: true },
    }),
    // Average per instance within the minute, then summed: the app's CPU however many instances.
    db.$queryRaw<{ appId: string; minute: bigint; cpu: number }[]>(Prisma.sql`
      SELECT "appId", minute, sum(avg_cpu)::float8 AS cpu FROM (
        SELECT "appId", "instanceName", floor(extract(epoch FROM "ts") / 60)::bigint AS minute, avg("cpuPercent") AS avg_cpu
        FROM "MetricSample"
        WHERE "appId" IN (${Prisma.join(appIds)}) AND "ts" >= ${since}
        GROUP BY 1, 2, 3
      ) per_instance GROUP BY 1, 2`),
  ]);
  for (const r of requests) put(out[r.appId]?.requests, Math.floor(r.minute.getTime() / 60_000) - start, r.count);
  for (const r of cpu) put(out[r.appId]?.cpu, Number(r.minute) - start, Math.round(r.cpu * 10) / 10);
  return out;
}

const zeros = () => Array.from({ length: SPARKLINE_MINUTES }, () => 0);

function put(series: number[] | undefined, index: number, value: number): void {
  if (series && index >= 0 && index < SPARKLINE_MINUTES) series[index] = value;
}
