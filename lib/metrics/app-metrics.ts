import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, Prisma } from '../db';
import { requestSeries, type RequestPoint } from './request-series';

/**
 * An app's charts over a range: CPU and memory per process type (the sum over that type's
 * instances, so a deploy does not start a new series per container), and requests per time step
 * split by status class with p50/p95 response times. Every series shares one time domain
 * (`from`–`to`) so the charts line up; CPU/memory are bucketed to ~90–300 points whatever mix of
 * raw and downsampled rows covers the range, requests to whole minutes (10 minutes over 24 h),
 * one entry per step, empty steps included as zero.
 */
export const ZMetricsRange = z.enum(['15m', '1h', '24h']);
export type MetricsRange = z.infer<typeof ZMetricsRange>;

/** GET /api/apps/<name>/metrics?range=15m|1h|24h */
export const ZMetricsQuery = z.object({ range: ZMetricsRange.default('15m') });

const RANGES: Record<MetricsRange, { ms: number; stepSeconds: number; requestStepSeconds: number }> = {
  '15m': { ms: 15 * 60_000, stepSeconds: 10, requestStepSeconds: 60 },
  '1h': { ms: 60 * 60_000, stepSeconds: 30, requestStepSeconds: 60 },
  '24h': { ms: 24 * 60 * 60_000, stepSeconds: 600, requestStepSeconds: 600 },
};

export type { RequestPoint };
export type MetricsPoint = { t: number } & Record<string, number>;
export type AppMetrics = {
  range: MetricsRange;
  /** Shared time domain of every chart (ms since the epoch). */
  from: number;
  to: number;
  stepSeconds: number;
  /** Series keys of `cpu` and `memory`: the app's process types (web, worker, …). */
  processTypes: string[];
  /** CPU % per process type (sum over its instances; 100 = one core). */
  cpu: MetricsPoint[];
  /** Memory MB per process type (sum over its instances). */
  memory: MetricsPoint[];
  /** Memory limit MB per process type (sum over its latest instances). */
  memoryLimitMb: Record<string, number>;
  requestStepSeconds: number;
  requests: RequestPoint[];
};

/** The metrics of an app the actor may see (another team's app is a 404). */
export async function getAppMetrics(actor: Actor, appName: string, range: MetricsRange, now = new Date()): Promise<AppMetrics> {
  const app = await findAppForActor(actor, appName, 'read');
  return appMetrics(app.id, range, now);
}

/** The process type of a sample: its instance's, else read from the container name (…-v3-worker-1). */
const PROCESS_TYPE = Prisma.sql`COALESCE(i."processType", substring(s."instanceName" from '-v[0-9]+-([a-z0-9]+)-[0-9]+$'), 'other')`;

export async function appMetrics(appId: string, range: MetricsRange, now = new Date()): Promise<AppMetrics> {
  const { ms, stepSeconds, requestStepSeconds } = RANGES[range];
  const to = now.getTime();
  // Aligned to the request step, so the first request bar is whole and inside the domain.
  const since = new Date(Math.floor((to - ms) / (requestStepSeconds * 1000)) * requestStepSeconds * 1000);
  const [rows, stats] = await Promise.all([
    // Per instance and bucket first (an average), then summed per process type.
    db.$queryRaw<{ bucket: number; processType: string; cpu: number; mem: number; lim: number }[]>(Prisma.sql`
      SELECT bucket, "processType", sum(cpu)::float8 AS cpu, sum(mem)::float8 AS mem, sum(lim)::float8 AS lim
      FROM (
        SELECT floor(extract(epoch FROM s."ts") / ${stepSeconds})::bigint * ${stepSeconds} AS bucket,
               ${PROCESS_TYPE} AS "processType", s."instanceName",
               avg(s."cpuPercent") AS cpu, avg(s."memoryBytes") / 1048576 AS mem, max(s."memoryLimit") / 1048576 AS lim
        FROM "MetricSample" s LEFT JOIN "Instance" i ON i."id" = s."instanceId"
        WHERE s."appId" = ${appId} AND s."ts" >= ${since} AND s."addonId" IS NULL -- add-ons: lib/addons/addon-metrics.ts
        GROUP BY 1, 2, 3
      ) per_instance
      GROUP BY 1, 2 ORDER BY 1`),
    db.requestStat.findMany({ where: { appId, minute: { gte: since } }, orderBy: { minute: 'asc' } }),
  ]);
  const processTypes = [...new Set(rows.map((r) => r.processType))].sort((a, b) => (a === 'web' ? -1 : b === 'web' ? 1 : a.localeCompare(b)));
  const cpu = new Map<number, MetricsPoint>();
  const memory = new Map<number, MetricsPoint>();
  const memoryLimitMb: Record<string, number> = {};
  for (const row of rows) {
    const t = Number(row.bucket) * 1000;
    if (!cpu.has(t)) cpu.set(t, { t } as MetricsPoint);
    if (!memory.has(t)) memory.set(t, { t } as MetricsPoint);
    cpu.get(t)![row.processType] = round(row.cpu);
    memory.get(t)![row.processType] = round(row.mem);
    memoryLimitMb[row.processType] = round(row.lim);
  }
  return {
    range,
    from: since.getTime(),
    to,
    stepSeconds,
    processTypes,
    cpu: [...cpu.values()],
    memory: [...memory.values()],
    memoryLimitMb,
    requestStepSeconds,
    requests: requestSeries(stats, since.getTime(), to, requestStepSeconds),
  };
}

const round = (v: number) => Math.round(Number(v) * 100) / 100;
