import { randomBytes, randomUUID } from 'node:crypto';
import { config } from '../config';
import { db, type Host, type Tx } from '../db';
import { describeError } from '../errors';
import { createContainer, removeContainer, startContainer, type ContainerSummary } from '../docker/containers';
import { dockerForHost } from '../docker/host-client';
import { inspectImage } from '../docker/images';
import { LABEL } from '../docker/labels';
import { removeAppNetwork } from '../docker/networks';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { reservePoolPort } from '../scheduler/reserve';
import { BASE_IMAGE } from '../templates/runtime-images';
import { holderSpec, poolHolderNameOf } from './held-network';
import { unclaimedSpareIds } from './spare-network';

/**
 * Networks made ahead for the next new apps. A new app's first instance used to make its app
 * network (~1 s of this engine's time: a bridge, its iptables rules) and then start in it with a
 * published port (~0.8 s); a push's instance already starts joined to a spare network made after
 * the last deploy (spare-network.ts), in ~0.2 s. New app gets the same, made before the click:
 *
 * - while nothing builds or deploys (the engine's work would slow that), the leader's loop
 *   (workers/network-pool.ts) keeps `BERTH_NEW_APP_NETWORKS` entries on the installation's only
 *   ready host: each an app id drawn now, the app network named by it (firewall first, as for any
 *   app network), and a holder (held-network.ts, on Berth's base image) in it publishing a port
 *   reserved like an instance's (lib/scheduler/reserve.ts), recorded as a `PooledNetwork` row;
 * - createApp takes the oldest ready one in its transaction (`takePooledNetwork`): the app gets
 *   that id, so the network is already its own, and the holder becomes its spare network — the
 *   first deploy's placement gives the web instance its port and id, and the instance starts
 *   joined (spare-network.ts finds the holder under its pool name);
 * - the reconciler drops entries never finished, on hosts not ready, or kept while the pool is
 *   off, and pool holders no row claims (`sweepNetworkPool`).
 * An entry costs one idle container (~2.6 MB), one /26 of the app network pool and one port.
 * Best effort throughout: without an entry, New app makes its network as before.
 */
/** An app id drawn ahead of the app: the shape of Prisma's cuid() (`c` + 24 lowercase base-36). */
export function newAppId(): string {
  return `c${Array.from(randomBytes(24), (b) => (b % 36).toString(36)).join('')}`;
}

/** Builds or deploys this recent and not finished keep the pool from making networks meanwhile. */
const BUSY_WINDOW_MS = 10 * 60_000;

/**
 * Makes pooled networks until the only ready host has `BERTH_NEW_APP_NETWORKS` of them — unless
 * a build or deploy is under way (`whenIdle`). Returns how many it made.
 */
export async function fillNetworkPool(opts: { whenIdle?: boolean } = {}): Promise<number> {
  const size = config().BERTH_NEW_APP_NETWORKS;
  if (size === 0) return 0;
  const hosts = await db.host.findMany({ where: { status: 'READY' }, take: 2 });
  if (hosts.length !== 1) return 0;
  let made = 0;
  while (made < size && !(opts.whenIdle && (await busy())) && (await makePooledNetwork(hosts[0], size))) made++;
  return made;
}

async function busy(): Promise<boolean> {
  const since = new Date(Date.now() - BUSY_WINDOW_MS);
  const [builds, deployments] = await Promise.all([
    db.build.count({ where: { status: { in: ['QUEUED', 'RUNNING'] }, createdAt: { gte: since } } }),
    db.deployment.count({ where: { status: { in: ['QUEUED', 'RUNNING'] }, createdAt: { gte: since } } }),
  ]);
  return builds + deployments > 0;
}

/** One entry: port and row, network, running holder, then ready. False when none was made. */
async function makePooledNetwork(host: Host, size: number): Promise<boolean> {
  const docker = dockerForHost(host);
  if (!(await inspectImage(docker, BASE_IMAGE))) return false; // the holder's image is not on this host
  const id = newAppId();
  const holderId = randomUUID();
  const reserved = await reservePoolPort({ id, holderId, hostId: host.id, size });
  if (!reserved) return false;
  try {
    const network = await ensureAppNetworkOnHost(host, id);
    const spec = holderSpec({ containerName: '', image: BASE_IMAGE, appId: id, instanceId: holderId, network, hostAddress: host.address, hostPort: reserved.hostPort });
    const made = await createContainer(docker, { ...spec, name: poolHolderNameOf(id) });
    await startContainer(docker, made.Id);
    // Removed meanwhile (the pool was swept): not wanted any more.
    if ((await db.pooledNetwork.updateMany({ where: { id }, data: { ready: true } })).count === 0) throw new Error('its row was removed meanwhile');
    return true;
  } catch (error) {
    console.warn(`[network-pool] could not make a network for a new app: ${describeError(error)}`);
    await dropPooled(host, id).catch(() => undefined);
    return false;
  }
}

/** Holder, network and row of an entry no app took. */
async function dropPooled(host: Host, appId: string): Promise<void> {
  const docker = dockerForHost(host);
  await removeContainer(docker, poolHolderNameOf(appId), { missingOk: true });
  await removeAppNetwork(docker, appId);
  await db.pooledNetwork.deleteMany({ where: { id: appId } });
}

/** Removes every entry (holder, network, row): a benchmark's installation at its end. */
export async function emptyNetworkPool(): Promise<void> {
  for (const entry of await db.pooledNetwork.findMany({ include: { host: true } })) await dropPooled(entry.host, entry.id);
}

export type TakenNetwork = { appId: string; spare: { id: string; hostId: string; hostPort: number } };

/**
 * In createApp's transaction: takes the oldest ready entry on a ready host (its row goes; a
 * concurrent createApp skips it and takes another or none). The caller creates the app under
 * `appId` and then records the spare with `recordTakenSpare` in the same transaction, so the port
 * stays held throughout.
 */
export async function takePooledNetwork(tx: Tx): Promise<TakenNetwork | null> {
  if (config().BERTH_NEW_APP_NETWORKS === 0) return null;
  const rows = await tx.$queryRaw<{ id: string; holderId: string; hostId: string; hostPort: number }[]>`
    DELETE FROM "PooledNetwork" WHERE id = (
      SELECT p.id FROM "PooledNetwork" p JOIN "Host" h ON h.id = p."hostId"
      WHERE p.ready AND h.status = 'READY'
      ORDER BY p."createdAt" LIMIT 1 FOR UPDATE OF p SKIP LOCKED)
    RETURNING id, "holderId", "hostId", "hostPort"`;
  const row = rows[0];
  return row ? { appId: row.id, spare: { id: row.holderId, hostId: row.hostId, hostPort: row.hostPort } } : null;
}

/** The taken holder as the new app's spare network (spare-network.ts): placement gives it to the first web instance. */
export async function recordTakenSpare(tx: Tx, taken: TakenNetwork): Promise<void> {
  await tx.spareNetwork.create({ data: { ...taken.spare, appId: taken.appId, ready: true } });
}

/** An entry not ready this long after it was recorded was never finished (its worker died). */
const UNFINISHED_MS = 60_000;

/**
 * The reconciler's part. Entries never finished, on hosts not ready, or all of them while the
 * pool is off: holder, network and row go (on a host not ready only the row: it may not answer).
 * Pool holders among `containers` that no entry, spare or instance claims (their app took them
 * and was deleted, or a maker died): removed, with their network unless an app owns it. Returns
 * the container names removed.
 */
export async function sweepNetworkPool(containers: { host: Host; info: ContainerSummary }[], opts: { now: number; graceMs: number }): Promise<string[]> {
  const removed: string[] = [];
  const stale = await db.pooledNetwork.findMany({
    where:
      config().BERTH_NEW_APP_NETWORKS === 0
        ? {}
        : { OR: [{ ready: false, createdAt: { lt: new Date(opts.now - UNFINISHED_MS) } }, { host: { status: { not: 'READY' } } }] },
    include: { host: true },
  });
  for (const entry of stale) {
    try {
      if (entry.host.status !== 'READY') await db.pooledNetwork.deleteMany({ where: { id: entry.id } });
      else await dropPooled(entry.host, entry.id);
      removed.push(poolHolderNameOf(entry.id));
    } catch (error) {
      console.warn(`[network-pool] could not remove ${poolHolderNameOf(entry.id)}: ${describeError(error)}`);
    }
  }

  const holders = containers.flatMap(({ host, info }) => {
    const appId = poolAppIdOf(info);
    return appId !== null && opts.now - info.Created * 1000 >= opts.graceMs ? [{ host, info, appId, holds: info.Labels![LABEL.holds] }] : [];
  });
  if (holders.length === 0) return removed;
  const appIds = holders.map((h) => h.appId);
  const [entries, unclaimed, apps] = await Promise.all([
    db.pooledNetwork.findMany({ where: { id: { in: appIds } }, select: { id: true } }),
    // Taken by an app, its holder is that app's spare, then its first instance's.
    unclaimedSpareIds(holders.map((h) => h.holds)),
    db.app.findMany({ where: { id: { in: appIds } }, select: { id: true } }),
  ]);
  const pooled = new Set(entries.map((e) => e.id));
  const owned = new Set(apps.map((a) => a.id));
  for (const { host, info, appId, holds } of holders) {
    if (pooled.has(appId) || !unclaimed.has(holds)) continue;
    try {
      const docker = dockerForHost(host);
      await removeContainer(docker, info.Id, { missingOk: true });
      if (!owned.has(appId)) await removeAppNetwork(docker, appId);
      removed.push(poolHolderNameOf(appId));
    } catch (error) {
      console.warn(`[network-pool] could not remove ${poolHolderNameOf(appId)}: ${describeError(error)}`);
    }
  }
  return removed;
}

/** The app id a pool holder was made for, when `info` is one (by name and label). */
export function poolAppIdOf(info: { Labels?: Record<string, string>; Names: string[] }): string | null {
  const name = info.Names[0]?.replace(/^\//, '') ?? '';
  const prefix = poolHolderNameOf('');
  if (!name.startsWith(prefix) || !info.Labels?.[LABEL.holds]) return null;
  const appId = name.slice(prefix.length);
  return info.Labels[LABEL.appId] === appId ? appId : null;
}
