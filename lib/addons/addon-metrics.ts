import type { Actor } from '../auth/actor';
import { db, Prisma } from '../db';
import type { MetricsRange } from '../metrics/app-metrics';
import { findAddonForActor } from './find-addon';

/**
 * CPU % and memory of one add-on's container over a range, for the Add-ons tab. The samples are
 * taken by the same sampler as app instances (lib/metrics/ingest/sample-metrics.ts), stored with
 * `addonId`; the app's own Metrics page leaves them out.
 */
const RANGES: Record<MetricsRange, { ms: number; stepSeconds: number }> = {
  '15m': { ms: 15 * 60_000, stepSeconds: 10 },
  '1h': { ms: 60 * 60_000, stepSeconds: 30 },
  '24h': { ms: 24 * 60 * 60_000, stepSeconds: 600 },
};

export type AddonMetrics = {
  range: MetricsRange;
  stepSeconds: number;
  points: Array<{ t: number; cpu: number; memoryMb: number }>;
  memoryLimitMb: number | null;
};

/** GET /api/apps/<name>/addons/<id>/metrics?range=15m|1h|24h */
export async function getAddonMetrics(actor: Actor, name: string, id: string, range: MetricsRange, now = new Date()): Promise<AddonMetrics> {
  const addon = await findAddonForActor(actor, name, id);
  const { ms, stepSeconds } = RANGES[range];
  const rows = await db.$queryRaw<{ bucket: number; cpu: number; mem: number; lim: number }[]>(Prisma.sql`
    SELECT floor(extract(epoch FROM "ts") / ${stepSeconds})::bigint * ${stepSeconds} AS bucket,
           avg("cpuPercent")::float8 AS cpu, (avg("memoryBytes") / 1048576)::float8 AS mem,
           (max("memoryLimit") / 1048576)::float8 AS lim
    FROM "MetricSample"
    WHERE "addonId" = ${addon.id} AND "ts" >= ${new Date(now.getTime() - ms)}
    GROUP BY 1 ORDER BY 1`);
  const round = (v: number) => Math.round(Number(v) * 100) / 100;
  return {
    range,
    stepSeconds,
    points: rows.map((r) => ({ t: Number(r.bucket) * 1000, cpu: round(r.cpu), memoryMb: round(r.mem) })),
    memoryLimitMb: rows.length ? round(rows[rows.length - 1].lim) : null,
  };
}
