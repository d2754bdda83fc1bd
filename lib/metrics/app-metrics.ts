import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, Prisma } from '../db';

/**
 * An app's CPU/memory per instance and its request stats over a range, bucketed so any range
 * gives a chart of ~90–300 points whatever mix of raw and downsampled rows covers it.
 */
export const ZMetricsRange = z.enum(['15m', '1h', '24h']);
export type MetricsRange = z.infer<typeof ZMetricsRange>;

/** GET /api/apps/<name>/metrics?range=15m|1h|24h */
export const ZMetricsQuery = z.object({ range: ZMetricsRange.default('15m') });

const RANGES: Record<MetricsRange, { ms: number; stepSeconds: number }> = {
  '15m': { ms: 15 * 60_000, stepSeconds: 10 },
  '1h': { ms: 60 * 60_000, stepSeconds: 30 },
  '24h': { ms: 24 * 60 * 60_000, stepSeconds: 600 },
};

export type MetricsPoint = { t: number } & Record<string, number>;
export type AppMetrics = {
  range: MetricsRange;
  stepSeconds: number;
  instances: string[];
  /** CPU % per instance (key = instance name). */
  cpu: MetricsPoint[];
  /** Memory MB per instance. */
  memory: MetricsPoint[];
  /** Memory limit MB per instance (latest). */
  memoryLimitMb: Record<string, number>;
  /** Per minute: request count, 5xx count, average and max response time (ms). */
  requests: { t: number; count: number; errors: number; avgMs: number; maxMs: number }[];
};

/** The metrics of an app the actor may see (another team's app is a 404). */
export async function getAppMetrics(actor: Actor, appName: string, range: MetricsRange, now = new Date()): Promise<AppMetrics> {
  const app = await findAppForActor(actor, appName, 'read');
  return appMetrics(app.id, range, now);
}

export async function appMetrics(appId: string, range: MetricsRange, now = new Date()): Promise<AppMetrics> {
  const { ms, stepSeconds } = RANGES[range];
  const since = new Date(now.getTime() - ms);
  const [rows, requests] = await Promise.all([
    db.$queryRaw<{ bucket: number; instanceName: string; cpu: number; mem: number; lim: number }[]>(Prisma.sql`
      SELECT floor(extract(epoch FROM "ts") / ${stepSeconds})::bigint * ${stepSeconds} AS bucket,
             "instanceName", avg("cpuPercent")::float8 AS cpu,
             (avg("memoryBytes") / 1048576)::float8 AS mem, (max("memoryLimit") / 1048576)::float8 AS lim
      FROM "MetricSample"
      WHERE "appId" = ${appId} AND "ts" >= ${since} AND "addonId" IS NULL -- add-ons: lib/addons/addon-metrics.ts
      GROUP BY 1, 2 ORDER BY 1`),
    db.requestStat.findMany({ where: { appId, minute: { gte: since } }, orderBy: { minute: 'asc' } }),
  ]);
  const instances = [...new Set(rows.map((r) => r.instanceName))].sort();
  const cpu = new Map<number, MetricsPoint>();
  const memory = new Map<number, MetricsPoint>();
  const memoryLimitMb: Record<string, number> = {};
  for (const row of rows) {
    const t = Number(row.bucket) * 1000;
    if (!cpu.has(t)) cpu.set(t, { t } as MetricsPoint);
    if (!memory.has(t)) memory.set(t, { t } as MetricsPoint);
    cpu.get(t)![row.instanceName] = round(row.cpu);
    memory.get(t)![row.instanceName] = round(row.mem);
    memoryLimitMb[row.instanceName] = round(row.lim);
  }
  return {
    range,
    stepSeconds,
    instances,
    cpu: [...cpu.values()],
    memory: [...memory.values()],
    memoryLimitMb,
    requests: requests.map((r) => ({
      t: r.minute.getTime(),
      count: r.count,
      errors: r.errors,
      avgMs: r.count ? round(r.totalMs / r.count) : 0,
      maxMs: round(r.maxMs),
    })),
  };
}

const round = (v: number) => Math.round(Number(v) * 100) / 100;
