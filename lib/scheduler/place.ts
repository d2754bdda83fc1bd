import type {
  Allocation,
  Candidate,
  Cluster,
  HostUsage,
  Placement,
  PlacementRequest,
  Rejection,
  SchedulerHost,
  UsageIndex,
} from './types';

/** Key under which `perApp`/`siblings` count one app release's instances on a host. */
export const releaseKey = (appId: string, releaseId: string) => `${appId}/${releaseId}`;

/** Folds reservations into per-host usage (sum of cpu/memory, instances per app release). */
export function usageByHost(allocations: readonly Allocation[]): Map<string, HostUsage> {
  const index = new Map<string, { cpu: number; memoryMb: number; instances: number; perApp: Map<string, number> }>();
  for (const a of allocations) {
    let u = index.get(a.hostId);
    if (!u) index.set(a.hostId, (u = { cpu: 0, memoryMb: 0, instances: 0, perApp: new Map() }));
    u.cpu += a.cpu;
    u.memoryMb += a.memoryMb;
    u.instances += 1;
    const key = releaseKey(a.appId, a.releaseId);
    u.perApp.set(key, (u.perApp.get(key) ?? 0) + 1);
  }
  return index;
}

/**
 * Lays hosts and their usage out for `place` (one pass; Map lookups happen here, not per
 * placement). `onlyRelease` (a releaseKey) limits sibling counts to that one release — enough
 * for a single placement and much cheaper with many apps.
 */
export function prepareCluster(
  hosts: readonly SchedulerHost[],
  allocations: UsageIndex | readonly Allocation[],
  onlyRelease?: string,
): Cluster {
  const n = hosts.length;
  const cluster: Cluster = {
    hosts,
    allocCpu: new Float64Array(n),
    allocMemoryMb: new Float64Array(n),
    capCpu: new Float64Array(n),
    capMemoryMb: new Float64Array(n),
    ready: new Uint8Array(n),
    usedCpu: new Float64Array(n),
    usedMemoryMb: new Float64Array(n),
    measuredCpu: new Float64Array(n),
    measuredMemoryMb: new Float64Array(n),
    instances: new Uint32Array(n),
    siblings: new Map(),
  };
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const h = hosts[i];
    position.set(h.id, i);
    cluster.allocCpu[i] = h.cpuTotal - h.reserveCpu;
    cluster.allocMemoryMb[i] = h.memoryTotalMb - h.reserveMemoryMb;
    cluster.capCpu[i] = cluster.allocCpu[i] * ratio(h.cpuOvercommit);
    cluster.capMemoryMb[i] = cluster.allocMemoryMb[i] * ratio(h.memoryOvercommit);
    cluster.ready[i] = h.status === 'READY' ? 1 : 0;
  }
  if (Array.isArray(allocations)) {
    for (const a of allocations as readonly Allocation[]) {
      const i = position.get(a.hostId);
      if (i === undefined) continue;
      cluster.usedCpu[i] += a.cpu;
      cluster.usedMemoryMb[i] += a.memoryMb;
      cluster.instances[i] += 1;
      const key = releaseKey(a.appId, a.releaseId);
      if (onlyRelease === undefined || key === onlyRelease) siblingsOf(cluster, key)[i] += 1;
    }
  } else {
    for (const [hostId, u] of allocations as UsageIndex) {
      const i = position.get(hostId);
      if (i === undefined) continue;
      cluster.usedCpu[i] = u.cpu;
      cluster.usedMemoryMb[i] = u.memoryMb;
      cluster.measuredCpu[i] = u.measuredCpu ?? 0;
      cluster.measuredMemoryMb[i] = u.measuredMemoryMb ?? 0;
      cluster.instances[i] = u.instances;
      if (!u.perApp) continue;
      if (onlyRelease === undefined) for (const [key, count] of u.perApp) siblingsOf(cluster, key)[i] = count;
      else {
        const count = u.perApp.get(onlyRelease);
        if (count) siblingsOf(cluster, onlyRelease)[i] = count;
      }
    }
  }
  return cluster;
}

/** Built only for the (few) rejections kept, outside the hot loop's arithmetic. */
function rejection(cluster: Cluster, i: number, code: Rejection['code'], label?: string): Rejection {
  return {
    host: cluster.hosts[i],
    code,
    freeCpu: cluster.capCpu[i] - cluster.usedCpu[i],
    freeMemoryMb: cluster.capMemoryMb[i] - cluster.usedMemoryMb[i],
    requestedCpu: cluster.usedCpu[i],
    requestedMemoryMb: cluster.usedMemoryMb[i],
    measuredCpu: cluster.measuredCpu[i],
    measuredMemoryMb: cluster.measuredMemoryMb[i],
    ...(label !== undefined ? { label } : {}),
  };
}

/** An overcommit ratio as given (≥ 1), else 1. */
const ratio = (value: number | undefined): number => (value !== undefined && Number.isFinite(value) && value >= 1 ? value : 1);

function siblingsOf(cluster: Cluster, key: string): Uint32Array {
  let counts = cluster.siblings.get(key);
  if (!counts) cluster.siblings.set(key, (counts = new Uint32Array(cluster.hosts.length)));
  return counts;
}

/**
 * Records a placement in the snapshot, so the next `place` on it sees the host fuller. Only its
 * requests: like a reservation in PostgreSQL, a new instance has no measured use until it is
 * sampled (a batch checked here must not be stricter than the same instances reserved one by one).
 */
export function commitPlacement(cluster: Cluster, hostIndex: number, request: PlacementRequest): void {
  cluster.usedCpu[hostIndex] += request.cpu;
  cluster.usedMemoryMb[hostIndex] += request.memoryMb;
  cluster.instances[hostIndex] += 1;
  siblingsOf(cluster, releaseKey(request.appId, request.releaseId))[hostIndex] += 1;
}

export type PlaceOptions = { limit?: number; maxRejected?: number };

/**
 * The pure scheduler. Filter: labels match the constraints, host READY, the requests fit —
 * requested + request ≤ allocatable × overcommit, for memory and CPU — and the host is not busy
 * in fact: measured use + request ≤ allocatable. Score in 0..1 (on requests): BINPACK prefers the
 * host that is fullest after placement (keeps other hosts empty for big apps), SPREAD the emptiest.
 * Replicas of one app release are kept apart: each sibling already on a host costs a full
 * point, so any host without one beats every host with one.
 *
 * Hot path (thousands of hosts per call): one pass over typed arrays, no sorting, no strings;
 * only the best `limit` candidates are kept, and the first `maxRejected` rejections (with a
 * total count). Reasons are rendered later by `explainPlacement`.
 *
 * `place(request, cluster)` scans a prepared snapshot; `place(request, hosts, allocations)`
 * prepares one first (for one-off calls).
 */
export function place(request: PlacementRequest, cluster: Cluster, options?: PlaceOptions): Placement;
export function place(
  request: PlacementRequest,
  hosts: readonly SchedulerHost[],
  allocations: UsageIndex | readonly Allocation[],
  options?: PlaceOptions,
): Placement;
export function place(
  request: PlacementRequest,
  clusterOrHosts: Cluster | readonly SchedulerHost[],
  allocationsOrOptions?: UsageIndex | readonly Allocation[] | PlaceOptions,
  maybeOptions?: PlaceOptions,
): Placement {
  if (Array.isArray(clusterOrHosts))
    return placeIn(
      request,
      prepareCluster(
        clusterOrHosts,
        allocationsOrOptions as UsageIndex | readonly Allocation[],
        releaseKey(request.appId, request.releaseId),
      ),
      maybeOptions,
    );
  return placeIn(request, clusterOrHosts as Cluster, allocationsOrOptions as PlaceOptions | undefined);
}

function placeIn(request: PlacementRequest, cluster: Cluster, options: PlaceOptions = {}): Placement {
  const limit = options.limit ?? 3;
  const maxRejected = options.maxRejected ?? 100;
  const { hosts, capCpu: capCpus, capMemoryMb: capMems, ready, usedCpu, usedMemoryMb, allocCpu, allocMemoryMb, measuredCpu, measuredMemoryMb } =
    cluster;
  const constraints = request.constraints;
  const constraintKeys = constraints ? Object.keys(constraints) : [];
  const siblings = cluster.siblings.get(releaseKey(request.appId, request.releaseId));
  const spread = request.strategy === 'SPREAD';
  const needCpu = request.cpu;
  const needMem = request.memoryMb;
  const candidates: Candidate[] = [];
  const rejected: Rejection[] = [];
  // Label mismatches are kept apart so that, with many hosts, they never crowd out the
  // capacity and readiness rejections that explain a placement; they come last.
  const labelRejected: Rejection[] = [];
  let rejectedCount = 0;
  let worstRank = -Infinity; // rank of the last kept candidate once `limit` are kept
  let mostMemIndex = -1;
  let mostMem = -Infinity;
  let mostCpuIndex = -1;
  let mostCpu = -Infinity;

  for (let i = 0; i < hosts.length; i++) {
    const capCpu = capCpus[i];
    const capMem = capMems[i];
    const freeCpu = capCpu - usedCpu[i];
    const freeMemoryMb = capMem - usedMemoryMb[i];

    if (constraintKeys.length > 0) {
      const labels = hosts[i].labels;
      let badLabel: string | undefined;
      for (let k = 0; k < constraintKeys.length; k++) {
        const name = constraintKeys[k];
        if (labels[name] !== constraints![name]) {
          badLabel = name;
          break;
        }
      }
      if (badLabel !== undefined) {
        rejectedCount++;
        if (labelRejected.length < maxRejected)
          labelRejected.push(rejection(cluster, i, 'LABELS', badLabel));
        continue;
      }
    }
    if (ready[i] === 0) {
      rejectedCount++;
      if (rejected.length < maxRejected) rejected.push(rejection(cluster, i, 'NOT_READY'));
      continue;
    }
    if (freeMemoryMb > mostMem) {
      mostMem = freeMemoryMb;
      mostMemIndex = i;
    }
    if (freeCpu > mostCpu) {
      mostCpu = freeCpu;
      mostCpuIndex = i;
    }
    const code: Rejection['code'] | null =
      freeMemoryMb < needMem
        ? 'MEMORY'
        : freeCpu < needCpu
          ? 'CPU'
          : measuredMemoryMb[i] + needMem > allocMemoryMb[i]
            ? 'MEMORY_BUSY'
            : measuredCpu[i] + needCpu > allocCpu[i]
              ? 'CPU_BUSY'
              : null;
    if (code !== null) {
      rejectedCount++;
      if (rejected.length < maxRejected) rejected.push(rejection(cluster, i, code));
      continue;
    }

    // Utilisation after placement, memory and CPU weighted equally.
    const utilMem = capMem > 0 ? (capMem - freeMemoryMb + needMem) / capMem : 1;
    const utilCpu = capCpu > 0 ? (capCpu - freeCpu + needCpu) / capCpu : 1;
    const util = (utilMem + utilCpu) / 2;
    const score = spread ? 1 - util : util;
    const sibling = siblings === undefined ? 0 : siblings[i];
    const rank = score - sibling;

    // Keep the best `limit` candidates ordered, best first; ties go to the earlier host.
    const n = candidates.length;
    if (n >= limit && rank <= worstRank) continue;
    const candidate: Candidate = {
      host: hosts[i],
      index: i,
      score,
      rank,
      siblings: sibling,
      freeCpuAfter: freeCpu - needCpu,
      freeMemoryAfterMb: freeMemoryMb - needMem,
      measuredCpu: measuredCpu[i],
      measuredMemoryMb: measuredMemoryMb[i],
    };
    let at = n < limit ? n : n - 1;
    while (at > 0 && candidates[at - 1].rank < rank) {
      if (at < limit) candidates[at] = candidates[at - 1];
      at--;
    }
    candidates[at] = candidate;
    if (candidates.length >= limit) worstRank = candidates[candidates.length - 1].rank;
  }

  return {
    request,
    candidates,
    rejected: rejected.concat(labelRejected).slice(0, maxRejected),
    rejectedCount,
    mostFreeMemory: mostMemIndex >= 0 ? { host: hosts[mostMemIndex], freeMemoryMb: mostMem } : undefined,
    mostFreeCpu: mostCpuIndex >= 0 ? { host: hosts[mostCpuIndex], freeCpu: mostCpu } : undefined,
  };
}
