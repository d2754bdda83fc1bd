import type { Candidate, Placement, Rejection, SchedulerHost } from './types';

/** "1.5 GB" / "300 MB" — how people read memory sizes. */
export function formatMb(mb: number): string {
  if (Math.abs(mb) >= 1024) return `${(mb / 1024).toFixed(1).replace(/\.0$/, '')} GB`;
  return `${Math.round(mb)} MB`;
}

/** "0.5 CPU" / "250 millicores". */
export function formatCpu(millicores: number): string {
  if (Math.abs(millicores) >= 1000) return `${(millicores / 1000).toFixed(2).replace(/\.?0+$/, '')} CPU`;
  return `${Math.round(millicores)} millicores`;
}

/** "250 millicores CPU" / "2 CPU": a CPU amount that says it is CPU. */
export function cpuPhrase(millicores: number): string {
  const text = formatCpu(millicores);
  return text.endsWith('CPU') ? text : `${text} CPU`;
}

type Resource = 'cpu' | 'memory';
const format = (resource: Resource, value: number) => (resource === 'cpu' ? formatCpu(value) : formatMb(value));
const overcommitOf = (host: SchedulerHost, resource: Resource) => {
  const r = resource === 'cpu' ? host.cpuOvercommit : host.memoryOvercommit;
  return r !== undefined && Number.isFinite(r) && r >= 1 ? r : 1;
};

/** Capacity − system reserve: what instances may use in fact. */
export function allocatable(host: SchedulerHost, resource: Resource): number {
  return resource === 'cpu' ? host.cpuTotal - host.reserveCpu : host.memoryTotalMb - host.reserveMemoryMb;
}

/** "1.75 CPU allocatable × 2 overcommit" (no "× 1 overcommit"). */
function allocatableText(host: SchedulerHost, resource: Resource): string {
  const ratio = overcommitOf(host, resource);
  return `${format(resource, allocatable(host, resource))} allocatable${ratio !== 1 ? ` × ${+ratio.toFixed(2)} overcommit` : ''}`;
}

/** "1.75 CPU allocatable × 2 overcommit, 3.45 CPU requested" from the headroom left to request. */
function requestTerms(host: SchedulerHost, resource: Resource, free: number): string {
  const requested = allocatable(host, resource) * overcommitOf(host, resource) - free;
  return `${allocatableText(host, resource)}, ${format(resource, Math.max(0, requested))} requested`;
}

/** "250 millicores CPU and 256 MB memory". */
function requestText(request: Placement['request']): string {
  return `${cpuPhrase(request.cpu)} and ${formatMb(request.memoryMb)} memory`;
}

export function describeRejection(r: Rejection, request: Placement['request']): string {
  const name = r.host.name;
  switch (r.code) {
    case 'NOT_READY':
      return `${name} rejected: ${r.host.status.toLowerCase()}`;
    case 'LABELS':
      return `${name} rejected: label ${r.label}=${request.constraints?.[r.label!] ?? ''} required, host has ${
        r.host.labels[r.label!] === undefined ? 'none' : `${r.label}=${r.host.labels[r.label!]}`
      }`;
    case 'MEMORY':
      return `${name} rejected: requests ${formatMb(request.memoryMb)} memory, ${formatMb(Math.max(0, r.freeMemoryMb))} left to request (${requestTerms(r.host, 'memory', r.freeMemoryMb)})`;
    case 'CPU':
      return `${name} rejected: requests ${cpuPhrase(request.cpu)}, ${formatCpu(Math.max(0, r.freeCpu))} left to request (${requestTerms(r.host, 'cpu', r.freeCpu)})`;
    case 'MEMORY_BUSY':
      return `${name} rejected: busy, ${formatMb(r.measuredMemoryMb)} memory measured in use of ${formatMb(allocatable(r.host, 'memory'))} allocatable, no room for a ${formatMb(request.memoryMb)} request`;
    case 'CPU_BUSY':
      return `${name} rejected: busy, ${cpuPhrase(r.measuredCpu)} measured in use of ${formatCpu(allocatable(r.host, 'cpu'))} allocatable, no room for a ${formatCpu(request.cpu)} request`;
  }
}

export function describeCandidate(c: Candidate, strategy: Placement['request']['strategy']): string {
  const label = strategy === 'SPREAD' ? 'spread' : 'bin-pack';
  const siblings = c.siblings > 0 ? `, already runs ${c.siblings} of this release` : '';
  return `${c.host.name}: ${formatMb(c.freeMemoryAfterMb)} and ${formatCpu(c.freeCpuAfter)} left to request after placement (measured in use: ${formatMb(c.measuredMemoryMb)}, ${formatCpu(c.measuredCpu)}), ${label} score ${c.score.toFixed(2)}${siblings}`;
}

/**
 * Why nothing fits, in terms of requests against allocatable: "requests 512 MB memory; the most
 * left to request is 300 MB on host-2 (812 MB allocatable, 512 MB requested)". Memory is the usual
 * culprit, so it is named first; then a host that had room by requests but is busy in fact;
 * then CPU.
 */
export function explainNoFit(p: Placement): string {
  const { request } = p;
  if (!p.mostFreeMemory || !p.mostFreeCpu) {
    if (p.rejected.length === 0) return 'no hosts registered';
    const constraints = Object.entries(request.constraints ?? {});
    const matching = constraints.length ? ` matching ${constraints.map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
    // NOT_READY rejections are hosts whose labels matched (labels are checked first).
    const notReady = p.rejected.filter((r) => r.code === 'NOT_READY');
    if (notReady.length === 0) return `no host${matching || ' available'}`;
    const list = notReady.slice(0, 5).map((r) => `${r.host.name} ${r.host.status.toLowerCase()}`);
    if (notReady.length > 5) list.push(`${notReady.length - 5} more`);
    return `no ready host${matching} (${list.join(', ')})`;
  }
  const { host: memHost, freeMemoryMb } = p.mostFreeMemory;
  if (freeMemoryMb < request.memoryMb)
    return `requests ${formatMb(request.memoryMb)} memory; the most left to request is ${formatMb(Math.max(0, freeMemoryMb))} on ${memHost.name} (${requestTerms(memHost, 'memory', freeMemoryMb)})`;
  const busy = p.rejected.find((r) => r.code === 'MEMORY_BUSY' || r.code === 'CPU_BUSY');
  if (busy) return `requests ${requestText(request)}; ${describeRejection(busy, request).replace(' rejected: busy,', ' is busy:')}`;
  // Memory fits somewhere but never together with the CPU request.
  const { host: cpuHost, freeCpu } = p.mostFreeCpu;
  return `requests ${requestText(request)}; the most CPU left to request is ${formatCpu(Math.max(0, freeCpu))} on ${cpuHost.name} (${requestTerms(cpuHost, 'cpu', freeCpu)})`;
}

/**
 * The text stored in Instance.placementReason: the chosen host and why, then up to a few other
 * hosts and why they lost or were rejected, e.g.
 * "host-2: 1.5 GB and 3.5 CPU left to request after placement (…), bin-pack score 0.82;
 *  host-1 rejected: requests 512 MB memory, 300 MB left to request (812 MB allocatable, 512 MB requested)".
 */
const REJECTION_ORDER: Record<Rejection['code'], number> = { MEMORY: 0, CPU: 1, MEMORY_BUSY: 2, CPU_BUSY: 3, NOT_READY: 4, LABELS: 5 };

export function explainPlacement(p: Placement, maxOthers = 4): string {
  const [chosen, ...others] = p.candidates;
  if (!chosen) return explainNoFit(p);
  const parts = [describeCandidate(chosen, p.request.strategy)];
  for (const c of others) {
    if (parts.length > maxOthers) break;
    parts.push(`${describeCandidate(c, p.request.strategy)} (ranked lower)`);
  }
  // Hosts that lacked room or were down say more than hosts this app may never use (labels).
  const telling = [...p.rejected].sort((a, b) => REJECTION_ORDER[a.code] - REJECTION_ORDER[b.code]);
  for (const r of telling) {
    if (parts.length > maxOthers) break;
    parts.push(describeRejection(r, p.request));
  }
  const hidden = p.candidates.length - 1 + p.rejectedCount - (parts.length - 1);
  if (hidden > 0) parts.push(`${hidden} more host${hidden === 1 ? '' : 's'} not shown`);
  return parts.join('; ');
}
