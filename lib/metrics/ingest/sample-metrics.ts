import type { Host } from '../../db';
import { db } from '../../db';
import { addonContainerOwner, containerOwner } from '../../docker/container-owner';
import { observedHosts } from '../../hosts/observed-hosts';
import { containerNameOf, containerStats, listBerthContainers, statusCodeOf } from '../../docker/containers';
import { dockerForHost } from '../../docker/host-client';
import { cpuPercent, memoryUsage, type DockerStats } from './container-stats';

/**
 * One sampling round: CPU % and memory of every running app instance and add-on container on every observed host,
 * from Docker's stats API (stream=false: one reading that already carries the previous one, so
 * CPU % needs no state here), written as raw MetricSample rows (resolution 0).
 */
const STATS_TIMEOUT_MS = 8_000;
const STATS_CONCURRENCY = 16; // each stats call waits ~1 s for a second reading

export async function sampleMetrics(opts: { hosts?: Host[]; at?: Date } = {}): Promise<number> {
  const hosts = opts.hosts ?? (await observedHosts());
  const at = opts.at ?? new Date();
  const perHost = await Promise.all(
    hosts.map((host) =>
      sampleHost(host, at).catch((error) => {
        console.error(`[metrics] host ${host.name}: ${(error as Error).message}`);
        return 0;
      }),
    ),
  );
  return perHost.reduce((a, b) => a + b, 0);
}

async function sampleHost(host: Host, at: Date): Promise<number> {
  const docker = dockerForHost(host);
  // Two listings: Docker ANDs label filters, and build step containers must not be sampled.
  const [instances, addons] = await Promise.all([
    listBerthContainers(docker, { running: true, instancesOnly: true }),
    listBerthContainers(docker, { running: true, addonsOnly: true }),
  ]);
  const containers = [...instances.map((info) => ({ info, ownerOf: containerOwner })), ...addons.map((info) => ({ info, ownerOf: addonContainerOwner }))];
  const rows = await mapLimit(containers, STATS_CONCURRENCY, async ({ info, ownerOf }) => {
    const name = containerNameOf(info);
    const owner = await ownerOf(info.Id);
    if (!owner) return null;
    try {
      const stats = await containerStats<DockerStats>(docker, info.Id, STATS_TIMEOUT_MS);
      const memory = memoryUsage(stats);
      return {
        appId: owner.appId,
        instanceId: owner.instanceId,
        instanceName: owner.instanceName,
        addonId: owner.addonId ?? null,
        resolution: 0,
        ts: at,
        cpuPercent: cpuPercent(stats),
        memoryBytes: BigInt(memory.used),
        memoryLimit: BigInt(memory.limit),
      };
    } catch (error) {
      // 404: removed since the listing (a deploy retired it): nothing to sample, nothing wrong.
      if (statusCodeOf(error) !== 404) console.error(`[metrics] ${name}: ${(error as Error).message}`);
      return null;
    }
  });
  return insertSamples(rows.filter((r) => r !== null));
}

type SampleRow = { appId: string; instanceId: string | null } & Record<string, unknown>;

/**
 * Writes samples of apps and instances that still exist. An app deleted between listing its
 * containers and this insert (its rows cascade away) would otherwise fail the whole batch with a
 * foreign-key error: samples are filtered against the current rows, and if a delete still slips
 * in between, filtered again once. Samples of deleted apps are dropped; a
 * removed instance's sample keeps its app and name (instanceId null, as the FK's SET NULL would).
 */
export async function insertSamples<T extends SampleRow>(data: T[], attempts = 2): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const live = await existingOwners(data);
    const kept = data
      .filter((r) => live.apps.has(r.appId))
      .map((r) => (r.instanceId === null || live.instances.has(r.instanceId) ? r : { ...r, instanceId: null }));
    if (kept.length === 0) return 0;
    try {
      await db.metricSample.createMany({ data: kept as never });
      return kept.length;
    } catch (error) {
      if (attempt >= attempts || (error as { code?: string }).code !== 'P2003') throw error;
    }
  }
}

async function existingOwners(data: SampleRow[]): Promise<{ apps: Set<string>; instances: Set<string> }> {
  const appIds = [...new Set(data.map((r) => r.appId))];
  const instanceIds = [...new Set(data.map((r) => r.instanceId).filter((i): i is string => i !== null))];
  const [apps, instances] = await Promise.all([
    db.app.findMany({ where: { id: { in: appIds } }, select: { id: true } }),
    instanceIds.length ? db.instance.findMany({ where: { id: { in: instanceIds } }, select: { id: true } }) : [],
  ]);
  return { apps: new Set(apps.map((a) => a.id)), instances: new Set(instances.map((i) => i.id)) };
}

/** Like Promise.all(items.map(fn)) with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
