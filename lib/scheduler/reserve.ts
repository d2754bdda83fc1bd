import { db, Prisma, type Instance, type Tx } from '../db';
import { AppError } from '../errors';
import { explainNoFit, explainPlacement } from './explain';
import { place } from './place';
import type { Strategy } from './types';
import { ACTIVE_INSTANCE_STATUSES, PRESENT_INSTANCE_STATUSES, SLOT_INSTANCE_STATUSES } from '../model/instance-status';
import type { TierResources } from '../model/tiers';
import { pinVolumes, volumePinOf } from './volume-pin';
import { loadHostRows, loadHostUsage, measuredUse, toSchedulerHost, toUsageIndex, type HostRow } from './cluster-state';

export type ReserveInstanceInput = {
  appId: string;
  releaseId: string;
  processType: string;
  index: number;
  containerName: string;
  /** Requests (what placement counts) and limits (what the container gets), from the tier. */
  resources: TierResources;
  /** Only web instances publish a port; others take none from the host's range. */
  needsPort: boolean;
  strategy: Strategy;
  constraints?: Record<string, string>;
  /** Ports found taken on a host by something Berth does not know of; never handed out again here. */
  avoidPorts?: { hostId: string; port: number }[];
};

// ACTIVE instances hold their requests and host port; a crashed container may still be
// restarted by Docker (unless-stopped), so PRESENT ones (crashed too) keep their port taken.

/**
 * Places one instance and records it: an Instance row in STARTING with hostId, hostPort (web),
 * requests, limits and placementReason. In one transaction:
 *  1. a transaction-scoped advisory lock serialises placement decisions (cheap: unlike locking
 *     every host row it writes nothing), so usage read next cannot change under us;
 *  2. hosts and usage are read — requests recomputed from Instance rows, never a cached counter,
 *     and measured use from recent metric samples — and `place()` ranks the hosts;
 *  3. the chosen host's row is locked (`SELECT … FOR UPDATE`, against a concurrent drain or
 *     delete) and re-checked, the lowest free port of its range is taken, the row inserted.
 * So two deploys racing for the last 64 MB of requests cannot both get it, and a port is never
 * handed out twice (test/integration/scheduler.test.ts runs 50 at once).
 *
 * Idempotent: a retried deploy job asking again for an active instance with the same
 * containerName gets the existing row back.
 *
 * Throws AppError CONFLICT with the reason when nothing fits ("requests 512 MB memory; the most
 * left to request is 300 MB on host-2 (812 MB allocatable, 512 MB requested)").
 */
export async function reserveInstance(input: ReserveInstanceInput, tx?: Tx): Promise<Instance> {
  // Measured use is read before the lock (it is a few seconds old anyway): the lock is held
  // only for what must be exact — hosts, requests and ports.
  const measured = await measuredUse();
  if (tx) return reserveIn(tx, input, measured);
  return db.$transaction((t) => reserveIn(t, input, measured), { timeout: 30_000, maxWait: 30_000 });
}

/** Key of the advisory lock that serialises placements (per database). */
const PLACEMENT_LOCK_KEY = 0x6265727468; // "berth"

/**
 * Takes the placement lock for the rest of `tx` (re-entrant within it). Take it before any row
 * lock on an App: placement inserts Instance rows, which key-share the app row.
 */
export async function lockPlacements(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PLACEMENT_LOCK_KEY}::bigint)`;
}

async function reserveIn(tx: Tx, input: ReserveInstanceInput, measured: Awaited<ReturnType<typeof measuredUse>>): Promise<Instance> {
  await lockPlacements(tx);
  const allHosts = await loadHostRows(tx);
  // An app with volumes runs only where they live (volume-pin.ts).
  const pin = await volumePinOf(tx, input.appId);
  const pinnedHost = pin.hostId ? allHosts.find((h) => h.id === pin.hostId) : undefined;
  const hosts = pin.hostId ? allHosts.filter((h) => h.id === pin.hostId) : allHosts;

  const existing = await tx.instance.findUnique({ where: { containerName: input.containerName } });
  if (existing && (ACTIVE_INSTANCE_STATUSES as readonly string[]).includes(existing.status)) return existing;

  const sibling = { appId: input.appId, releaseId: input.releaseId };
  const usage = toUsageIndex(await loadHostUsage(tx, { sibling, measured }), sibling);
  const { resources } = input;
  const placement = place(
    {
      appId: input.appId,
      releaseId: input.releaseId,
      cpu: resources.cpuRequest,
      memoryMb: resources.memoryRequestMb,
      strategy: input.strategy,
      constraints: input.constraints,
    },
    hosts.map(toSchedulerHost),
    usage,
    { limit: hosts.length },
  );

  // A stopped row may still have its container on its old host (a sleeping app keeps it stopped:
  // lib/deploys/kept-containers.ts). That container can only be started again as it is — same host,
  // same published port — so its host goes first among those that fit, and its port is taken
  // again when free; otherwise the container is recreated (lib/deploys/ensure-instance-container.ts).
  const kept = existing?.status === 'STOPPED' ? existing : null;
  const candidates = kept
    ? [...placement.candidates].sort((a, b) => Number(b.host.id === kept.hostId) - Number(a.host.id === kept.hostId))
    : placement.candidates;
  // A network made ahead for this app's next web instance (lib/deploys/spare-network.ts): taken —
  // its port and its id — when placement picks its host anyway. Not preferred over the ranking:
  // that would pull a scaled app's instances onto one host, against the spread strategy.
  const spare = input.needsPort && !existing ? await tx.spareNetwork.findFirst({ where: { appId: input.appId, ready: true } }) : null;

  // Best candidate first; a host whose port range is exhausted is skipped for the next one.
  for (const candidate of candidates) {
    const host = hosts.find((h) => h.id === candidate.host.id)!;
    const locked = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM "Host" WHERE id = ${host.id} FOR UPDATE`;
    if (locked[0]?.status !== 'READY') continue; // drained or deleted since we read it
    let port: number | null = null;
    const avoid = (input.avoidPorts ?? []).filter((a) => a.hostId === host.id).map((a) => a.port);
    const adopted = spare && spare.hostId === host.id && !avoid.includes(spare.hostPort) ? spare : null;
    if (adopted) port = adopted.hostPort;
    else if (input.needsPort) {
      const previous = kept && kept.hostId === host.id && kept.hostPort !== null && !avoid.includes(kept.hostPort) ? kept : null;
      port = previous && (await portIsFree(tx, host, previous.hostPort!, previous.id)) ? previous.hostPort : await lowestFreePort(tx, host, avoid);
      if (port === null) continue;
    }
    const data = {
      appId: input.appId,
      releaseId: input.releaseId,
      hostId: host.id,
      processType: input.processType,
      index: input.index,
      containerName: input.containerName,
      cpuRequest: resources.cpuRequest,
      cpuLimit: resources.cpuLimit,
      memoryRequestMb: resources.memoryRequestMb,
      memoryLimitMb: resources.memoryLimitMb,
      hostPort: port,
      status: 'STARTING' as const,
      placementReason: explainPlacement({ ...placement, candidates: [candidate, ...candidates.filter((c) => c !== candidate)] }),
      containerId: null,
      exitCode: null,
      oomKilled: false,
      startedAt: null,
      stoppedAt: null,
    };
    if (pin.hasVolumes && !pin.hostId) await pinVolumes(tx, input.appId, host.id);
    // A stopped instance with the same container name (e.g. restarted after stop) is reused.
    if (existing) return tx.instance.update({ where: { id: existing.id }, data });
    if (adopted) {
      await tx.spareNetwork.delete({ where: { id: adopted.id } });
      return tx.instance.create({ data: { ...data, id: adopted.id } });
    }
    return tx.instance.create({ data });
  }

  if (pin.hostId) {
    const where = pinnedHost ? `${pinnedHost.name} (${pinnedHost.status.toLowerCase()})` : 'a host that is gone';
    const why = placement.candidates.length > 0 ? 'no free port there' : explainNoFit(placement);
    throw new AppError('CONFLICT', `the app's volumes live on ${where}, so its instances run only there: ${why}`);
  }
  if (placement.candidates.length > 0)
    throw new AppError('CONFLICT', `no free port on ${placement.candidates.map((c) => c.host.name).join(', ')}`);
  throw new AppError('CONFLICT', explainNoFit(placement));
}

/**
 * Frees an instance's requests and port (STOPPED); the deploy code removes the container. An
 * EXITED instance (a process type that finished at once) becomes STOPPED too.
 */
export async function releaseInstance(instanceId: string, tx: Tx = db): Promise<void> {
  await tx.instance.updateMany({
    where: { id: instanceId, status: { in: [...SLOT_INSTANCE_STATUSES] } },
    data: { status: 'STOPPED', stoppedAt: new Date() },
  });
}

/**
 * An Instance row whose port is taken: a present instance's container holds it, and so does a
 * sleeping app's kept instance of its live release, whose network holder keeps publishing it for
 * the wake (lib/deploys/held-network.ts).
 */
const holdsPort = Prisma.sql`(status::text IN (${Prisma.join([...PRESENT_INSTANCE_STATUSES])})
  OR (status = 'STOPPED' AND EXISTS (SELECT 1 FROM "App" a
    WHERE a.id = "Instance"."appId" AND a."sleepingSince" IS NOT NULL AND a."currentReleaseId" = "Instance"."releaseId")))`;

/**
 * Whether `port` is in the host's range and held by no instance other than `instanceId`, nor a
 * spare or pooled network.
 */
async function portIsFree(tx: Tx, host: HostRow, port: number, instanceId: string): Promise<boolean> {
  if (port < host.portRangeStart || port > host.portRangeEnd) return false;
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT 1 AS n FROM "Instance"
    WHERE "hostId" = ${host.id} AND "hostPort" = ${port} AND id <> ${instanceId} AND ${holdsPort}
    UNION ALL SELECT 1 FROM "SpareNetwork" WHERE "hostId" = ${host.id} AND "hostPort" = ${port}
    UNION ALL SELECT 1 FROM "PooledNetwork" WHERE "hostId" = ${host.id} AND "hostPort" = ${port}
    LIMIT 1`;
  return rows.length === 0;
}

/**
 * Lowest port of the host's range held by no instance and no spare or pooled network (one
 * indexed read each, gap found here).
 */
async function lowestFreePort(tx: Tx, host: HostRow, avoid: number[] = []): Promise<number | null> {
  const rows = await tx.$queryRaw<{ port: number }[]>`
    SELECT "hostPort" AS port FROM "Instance"
    WHERE "hostId" = ${host.id} AND "hostPort" BETWEEN ${host.portRangeStart} AND ${host.portRangeEnd} AND ${holdsPort}
    UNION SELECT "hostPort" FROM "SpareNetwork" WHERE "hostId" = ${host.id}
    UNION SELECT "hostPort" FROM "PooledNetwork" WHERE "hostId" = ${host.id}
    ORDER BY 1`;
  const held = [...rows.map((r) => r.port), ...avoid].sort((a, b) => a - b);
  let next = host.portRangeStart;
  for (const port of held) {
    if (port > next) break;
    next = Math.max(next, port + 1);
  }
  return next <= host.portRangeEnd ? next : null;
}

/**
 * Takes a port on `hostId` for a spare network of the app (lib/deploys/spare-network.ts) and
 * records it under `id`, the id of the instance that will take it. Null when the host is not
 * ready or its range is full (no spare then: the next instance is placed as usual).
 */
export function reserveSparePort(input: { id: string; appId: string; hostId: string }): Promise<{ hostPort: number } | null> {
  return reserveHeldPort(input.hostId, (tx, hostPort) =>
    tx.spareNetwork.create({ data: { id: input.id, appId: input.appId, hostId: input.hostId, hostPort } }),
  );
}

/**
 * Takes a port on `hostId` for a network made ahead for the next new app
 * (lib/deploys/network-pool.ts), recorded under the app id it will give (`id`) and the id of that
 * app's first web instance (`holderId`) — unless the host already has `size` of them, ready or
 * being made (counted under the lock, so two makers never exceed it). Null when there are enough,
 * the host is not ready or its range is full.
 */
export function reservePoolPort(input: { id: string; holderId: string; hostId: string; size: number }): Promise<{ hostPort: number } | null> {
  return reserveHeldPort(
    input.hostId,
    (tx, hostPort) => tx.pooledNetwork.create({ data: { id: input.id, holderId: input.holderId, hostId: input.hostId, hostPort } }),
    async (tx) => (await tx.pooledNetwork.count({ where: { hostId: input.hostId } })) >= input.size,
  );
}

/**
 * The lowest free port of a ready host, recorded by `record` — under the placement lock, like an
 * instance's port. Null when `enough` says so, the host is not ready or its range is full.
 */
function reserveHeldPort(
  hostId: string,
  record: (tx: Tx, hostPort: number) => Promise<unknown>,
  enough?: (tx: Tx) => Promise<boolean>,
): Promise<{ hostPort: number } | null> {
  return db.$transaction(
    async (tx) => {
      await lockPlacements(tx);
      if (enough && (await enough(tx))) return null;
      const host = (await loadHostRows(tx)).find((h) => h.id === hostId);
      if (!host || host.status !== 'READY') return null;
      const port = await lowestFreePort(tx, host);
      if (port === null) return null;
      await record(tx, port);
      return { hostPort: port };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
