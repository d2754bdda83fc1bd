import { config } from '../config';
import { db, Prisma, type Tx } from '../db';
import { ACTIVE_INSTANCE_STATUSES } from '../model/instance-status';
import { releaseKey } from './place';
import type { HostUsage, SchedulerHost } from './types';

/**
 * What the pure scheduler is fed, read from PostgreSQL: hosts (with their overcommit ratios
 * resolved against the installation defaults), the requests their instances hold (recomputed
 * from Instance rows, never a cached counter) and measured use (MetricSample). Also what the
 * Hosts page and GET /api/hosts show, so both tell the same numbers.
 */
export type HostRow = {
  id: string;
  name: string;
  status: SchedulerHost['status'];
  cpuTotal: number;
  memoryTotalMb: number;
  reserveCpu: number;
  reserveMemoryMb: number;
  cpuOvercommit: number | null;
  memoryOvercommit: number | null;
  labels: unknown;
  portRangeStart: number;
  portRangeEnd: number;
};

/** Measured use = the average of each active instance's samples over this window (samples come every 10 s). */
export const MEASURE_WINDOW_MS = 2 * 60_000;

export async function loadHostRows(tx: Tx): Promise<HostRow[]> {
  return tx.$queryRaw<HostRow[]>`
    SELECT id, name, status::text AS status, "cpuTotal", "memoryTotalMb", "reserveCpu", "reserveMemoryMb",
           "cpuOvercommit", "memoryOvercommit", labels, "portRangeStart", "portRangeEnd"
    FROM "Host" ORDER BY id`;
}

/** A host's ratios: its own, else BERTH_HOST_CPU_OVERCOMMIT / BERTH_HOST_MEMORY_OVERCOMMIT. */
export function overcommitOf(host: { cpuOvercommit: number | null; memoryOvercommit: number | null }): { cpu: number; memory: number } {
  const cfg = config();
  return {
    cpu: host.cpuOvercommit ?? cfg.BERTH_HOST_CPU_OVERCOMMIT,
    memory: host.memoryOvercommit ?? cfg.BERTH_HOST_MEMORY_OVERCOMMIT,
  };
}

export function toSchedulerHost(row: HostRow): SchedulerHost {
  const ratio = overcommitOf(row);
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    cpuTotal: row.cpuTotal,
    memoryTotalMb: row.memoryTotalMb,
    reserveCpu: row.reserveCpu,
    reserveMemoryMb: row.reserveMemoryMb,
    cpuOvercommit: ratio.cpu,
    memoryOvercommit: ratio.memory,
    labels: normaliseLabels(row.labels),
  };
}

/** Per host: requests and limits its active instances (and add-ons) hold, how many, and their measured use. */
export type HostResourceUsage = {
  cpuRequest: number;
  memoryRequestMb: number;
  /** Sum of CPU limits of the instances that have one; `cpuUnlimited` counts those with none. */
  cpuLimit: number;
  cpuUnlimited: number;
  memoryLimitMb: number;
  instances: number;
  /** How many of them belong to the `sibling` app release (to spread its replicas). */
  siblings: number;
  measuredCpu: number;
  measuredMemoryMb: number;
};

/** A host without active instances. */
export const NO_USAGE: HostResourceUsage = {
  cpuRequest: 0,
  memoryRequestMb: 0,
  cpuLimit: 0,
  cpuUnlimited: 0,
  memoryLimitMb: 0,
  instances: 0,
  siblings: 0,
  measuredCpu: 0,
  measuredMemoryMb: 0,
};

/**
 * Requests, limits and measured use per host id (hosts without instances are absent: use
 * `usageOf`). `sibling` names one app release whose instances are counted per host. Requests are
 * read through `tx` (inside the placement lock they must be exact); measured use comes from
 * `measuredUse` (samples arrive every 10 s, so it may be a few seconds old).
 */
export async function loadHostUsage(
  tx: Tx,
  opts: { sibling?: { appId: string; releaseId: string }; hostId?: string; measured?: ReadonlyMap<string, Measured> } = {},
): Promise<Map<string, HostResourceUsage>> {
  const active = Prisma.join([...ACTIVE_INSTANCE_STATUSES]);
  const appId = opts.sibling?.appId ?? '';
  const releaseId = opts.sibling?.releaseId ?? '';
  const onHost = opts.hostId ? Prisma.sql`AND "hostId" = ${opts.hostId}` : Prisma.empty;
  const held = await tx.$queryRaw<
    { hostId: string; cpuRequest: number; memoryRequestMb: number; cpuLimit: number; cpuUnlimited: number; memoryLimitMb: number; instances: number; siblings: number }[]
  >`
    SELECT "hostId",
           COALESCE(SUM("cpuRequest"), 0)::int AS "cpuRequest",
           COALESCE(SUM("memoryRequestMb"), 0)::int AS "memoryRequestMb",
           COALESCE(SUM("cpuLimit"), 0)::int AS "cpuLimit",
           (COUNT(*) FILTER (WHERE "cpuLimit" IS NULL))::int AS "cpuUnlimited",
           COALESCE(SUM("memoryLimitMb"), 0)::int AS "memoryLimitMb",
           COUNT(*)::int AS instances,
           (COUNT(*) FILTER (WHERE "appId" = ${appId} AND "releaseId" = ${releaseId}))::int AS siblings
    FROM (
      SELECT "hostId", "cpuRequest", "memoryRequestMb", "cpuLimit", "memoryLimitMb", "appId", "releaseId"
      FROM "Instance" WHERE status::text IN (${active})
      UNION ALL
      -- add-on containers (lib/addons) hold their requests like instances do
      SELECT "hostId", "cpuRequest", "memoryRequestMb", "cpuLimit", "memoryLimitMb", "appId", ''
      FROM "Addon" WHERE status IN ('PROVISIONING', 'AVAILABLE') AND "hostId" IS NOT NULL
    ) held
    WHERE TRUE ${onHost}
    GROUP BY "hostId"`;
  const measured = opts.measured ?? (await measuredUse());
  const out = new Map<string, HostResourceUsage>();
  for (const r of held) out.set(r.hostId, { ...NO_USAGE, ...r });
  for (const [hostId, m] of measured) {
    if (opts.hostId && hostId !== opts.hostId) continue;
    const u = out.get(hostId) ?? { ...NO_USAGE };
    u.measuredCpu = m.cpu;
    u.measuredMemoryMb = m.memoryMb;
    out.set(hostId, u);
  }
  return out;
}

export type Measured = { cpu: number; memoryMb: number };

/** Measured use is re-read at most this often per process (samples arrive every 10 s). */
const MEASURED_TTL_MS = 3_000;
let measuredCache: { at: number; value: Promise<Map<string, Measured>> } | null = null;

/**
 * Measured use per host: for each active instance the average of its samples over the last
 * MEASURE_WINDOW_MS (docker stats: 100 % of one core = 1,000 millicores), summed per host.
 * Read outside the placement lock and cached briefly, so placements stay cheap.
 */
export function measuredUse(now = Date.now()): Promise<Map<string, Measured>> {
  if (measuredCache && now - measuredCache.at < MEASURED_TTL_MS) return measuredCache.value;
  const value = readMeasured(new Date(now - MEASURE_WINDOW_MS));
  measuredCache = { at: now, value };
  value.catch(() => (measuredCache = null));
  return value;
}

/** Forgets the cached measured use (new samples were written, or a test planted some). */
export function invalidateMeasuredUse(): void {
  measuredCache = null;
}

async function readMeasured(since: Date): Promise<Map<string, Measured>> {
  const rows = await db.$queryRaw<{ hostId: string; cpu: number; memoryMb: number }[]>`
    SELECT i."hostId", SUM(s.cpu)::float8 AS cpu, SUM(s.mem)::float8 AS "memoryMb"
    FROM (
      SELECT "instanceId", AVG("cpuPercent") * 10 AS cpu, AVG("memoryBytes") / 1048576.0 AS mem
      FROM "MetricSample"
      WHERE resolution = 0 AND ts >= ${since} AND "instanceId" IS NOT NULL
      GROUP BY "instanceId"
    ) s
    JOIN "Instance" i ON i.id = s."instanceId"
    WHERE i.status::text IN (${Prisma.join([...ACTIVE_INSTANCE_STATUSES])})
    GROUP BY i."hostId"`;
  return new Map(rows.map((r) => [r.hostId, { cpu: Math.round(r.cpu), memoryMb: Math.round(r.memoryMb) }]));
}

export const usageOf = (index: ReadonlyMap<string, HostResourceUsage>, hostId: string): HostResourceUsage =>
  index.get(hostId) ?? NO_USAGE;

/** The scheduler's view of `loadHostUsage`: requests, measured use, siblings of one release. */
export function toUsageIndex(
  usage: ReadonlyMap<string, HostResourceUsage>,
  sibling?: { appId: string; releaseId: string },
): Map<string, HostUsage> {
  const key = sibling ? releaseKey(sibling.appId, sibling.releaseId) : null;
  return new Map(
    [...usage].map(([hostId, u]) => [
      hostId,
      {
        cpu: u.cpuRequest,
        memoryMb: u.memoryRequestMb,
        instances: u.instances,
        measuredCpu: u.measuredCpu,
        measuredMemoryMb: u.measuredMemoryMb,
        ...(key ? { perApp: new Map([[key, u.siblings]]) } : {}),
      },
    ]),
  );
}

export function normaliseLabels(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}
