import { db } from '../db';

/**
 * Keeps 7 days of metrics at falling resolution: raw samples older than 1 h become 1-minute
 * averages, 1-minute rows older than 24 h become 10-minute averages, anything older than 7 days
 * goes. Each step aggregates and deletes the same closed time range in one transaction, with
 * bucket-aligned boundaries, so running it twice (or concurrently, under the lock) changes nothing.
 */
const STEPS = [
  { from: 0, to: 60, olderThanMs: 60 * 60 * 1000 },
  { from: 60, to: 600, olderThanMs: 24 * 60 * 60 * 1000 },
] as const;
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

export async function downsampleMetrics(now = new Date()): Promise<{ aggregated: number; deleted: number }> {
  let aggregated = 0;
  let deleted = 0;
  for (const step of STEPS) {
    // Align the boundary to the target bucket so a bucket is never split between two runs.
    const boundary = new Date(Math.floor((now.getTime() - step.olderThanMs) / (step.to * 1000)) * step.to * 1000);
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('berth.metrics.downsample'))`;
      aggregated += await tx.$executeRaw`
        INSERT INTO "MetricSample" ("appId", "instanceId", "instanceName", "addonId", "resolution", "ts", "cpuPercent", "memoryBytes", "memoryLimit")
        SELECT "appId", (array_agg("instanceId"))[1], "instanceName", "addonId", ${step.to},
               to_timestamp(bucket * ${step.to}) AT TIME ZONE 'UTC',
               avg("cpuPercent"), avg("memoryBytes")::bigint, max("memoryLimit")
        FROM (
          SELECT *, floor(extract(epoch FROM "ts") / ${step.to}) AS bucket
          FROM "MetricSample"
          WHERE "resolution" = ${step.from} AND "ts" < ${boundary}
        ) raw
        GROUP BY "appId", "instanceName", "addonId", bucket`;
      deleted += await tx.$executeRaw`
        DELETE FROM "MetricSample" WHERE "resolution" = ${step.from} AND "ts" < ${boundary}`;
    });
  }
  deleted += await db.$executeRaw`DELETE FROM "MetricSample" WHERE "ts" < ${new Date(now.getTime() - KEEP_MS)}`;
  return { aggregated, deleted };
}
