import type {
  Allocation,
  Candidate,
  HostUsage,
  Placement,
  PlacementRequest,
  Rejection,
  SchedulerHost,
  UsageIndex,
} from './types';

const EMPTY: HostUsage = { cpu: 0, memoryMb: 0, instances: 0 };

/** Key under which `perApp` counts one app release's instances on a host. */
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
 * The pure scheduler. Filter: labels match the constraints, host READY, free CPU and memory
 * (capacity − reserve − reserved) ≥ the request. Score in 0..1: BINPACK prefers the host that
 * is fullest after placement (keeps other hosts empty for big apps), SPREAD the emptiest.
 * Replicas of one app release are kept apart: each sibling already on a host costs a full
 * point, so any host without one beats every host with one.
 *
 * Hot path (thousands of hosts per call): one pass, no sorting, no strings — only the best
 * `limit` candidates are kept in a small ordered array; reasons are rendered later by
 * `explainPlacement`.
 */
export function place(
  request: PlacementRequest,
  hosts: readonly SchedulerHost[],
  allocations: UsageIndex | readonly Allocation[],
  limit = 3,
): Placement {
  const usage: UsageIndex = Array.isArray(allocations)
    ? usageByHost(allocations as readonly Allocation[])
    : (allocations as UsageIndex);
  const constraintKeys = request.constraints ? Object.keys(request.constraints) : [];
  const key = releaseKey(request.appId, request.releaseId);
  const spread = request.strategy === 'SPREAD';
  const candidates: Candidate[] = [];
  const rejected: Rejection[] = [];
  let mostFreeMemory: Placement['mostFreeMemory'];
  let mostFreeCpu: Placement['mostFreeCpu'];

  for (let i = 0; i < hosts.length; i++) {
    const host = hosts[i];
    const used = usage.get(host.id) ?? EMPTY;
    const capCpu = host.cpuTotal - host.reserveCpu;
    const capMem = host.memoryTotalMb - host.reserveMemoryMb;
    const freeCpu = capCpu - used.cpu;
    const freeMemoryMb = capMem - used.memoryMb;

    let badLabel: string | undefined;
    for (let k = 0; k < constraintKeys.length; k++) {
      const name = constraintKeys[k];
      if (host.labels[name] !== request.constraints![name]) {
        badLabel = name;
        break;
      }
    }
    if (badLabel !== undefined) {
      rejected.push({ host, code: 'LABELS', freeCpu, freeMemoryMb, label: badLabel });
      continue;
    }
    if (host.status !== 'READY') {
      rejected.push({ host, code: 'NOT_READY', freeCpu, freeMemoryMb });
      continue;
    }
    if (!mostFreeMemory || freeMemoryMb > mostFreeMemory.freeMemoryMb) mostFreeMemory = { host, freeMemoryMb };
    if (!mostFreeCpu || freeCpu > mostFreeCpu.freeCpu) mostFreeCpu = { host, freeCpu };
    if (freeMemoryMb < request.memoryMb) {
      rejected.push({ host, code: 'MEMORY', freeCpu, freeMemoryMb });
      continue;
    }
    if (freeCpu < request.cpu) {
      rejected.push({ host, code: 'CPU', freeCpu, freeMemoryMb });
      continue;
    }

    // Utilisation after placement, memory and CPU weighted equally.
    const utilMem = capMem > 0 ? (capMem - freeMemoryMb + request.memoryMb) / capMem : 1;
    const utilCpu = capCpu > 0 ? (capCpu - freeCpu + request.cpu) / capCpu : 1;
    const util = (utilMem + utilCpu) / 2;
    const score = spread ? 1 - util : util;
    const siblings = used.perApp?.get(key) ?? 0;
    const rank = score - siblings;

    // Keep the best `limit` candidates ordered, best first; ties go to the earlier host.
    const n = candidates.length;
    if (n >= limit && rank <= candidates[n - 1].rank) continue;
    const candidate: Candidate = {
      host,
      score,
      rank,
      siblings,
      freeCpuAfter: freeCpu - request.cpu,
      freeMemoryAfterMb: freeMemoryMb - request.memoryMb,
    };
    let at = n < limit ? n : n - 1;
    while (at > 0 && candidates[at - 1].rank < rank) {
      if (at < limit) candidates[at] = candidates[at - 1];
      at--;
    }
    candidates[at] = candidate;
  }

  return { request, candidates, rejected, mostFreeMemory, mostFreeCpu };
}
