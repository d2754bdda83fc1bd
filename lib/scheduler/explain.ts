import type { Candidate, Placement, Rejection } from './types';

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

export function describeRejection(r: Rejection, request: Placement['request']): string {
  switch (r.code) {
    case 'NOT_READY':
      return `${r.host.name} rejected: ${r.host.status.toLowerCase()}`;
    case 'LABELS':
      return `${r.host.name} rejected: label ${r.label}=${request.constraints?.[r.label!] ?? ''} required, host has ${
        r.host.labels[r.label!] === undefined ? 'none' : `${r.label}=${r.host.labels[r.label!]}`
      }`;
    case 'MEMORY':
      return `${r.host.name} rejected: needs ${formatMb(request.memoryMb)}, ${formatMb(Math.max(0, r.freeMemoryMb))} free`;
    case 'CPU':
      return `${r.host.name} rejected: needs ${formatCpu(request.cpu)}, ${formatCpu(Math.max(0, r.freeCpu))} free`;
  }
}

export function describeCandidate(c: Candidate, strategy: Placement['request']['strategy']): string {
  const label = strategy === 'SPREAD' ? 'spread' : 'bin-pack';
  const siblings = c.siblings > 0 ? `, already runs ${c.siblings} of this release` : '';
  return `${c.host.name}: ${formatMb(c.freeMemoryAfterMb)} and ${formatCpu(c.freeCpuAfter)} free after placement, ${label} score ${c.score.toFixed(2)}${siblings}`;
}

/**
 * Why nothing fits, in the words of the issue: "needs 512 MB; largest free is 300 MB on host-2".
 * Memory is the usual culprit, so it is named first; CPU when memory would have fit.
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
  if (p.mostFreeMemory.freeMemoryMb < request.memoryMb)
    return `needs ${formatMb(request.memoryMb)}; largest free is ${formatMb(Math.max(0, p.mostFreeMemory.freeMemoryMb))} on ${p.mostFreeMemory.host.name}`;
  // Memory fits somewhere but never together with the CPU request.
  return `needs ${formatCpu(request.cpu)} and ${formatMb(request.memoryMb)}; most free CPU is ${formatCpu(Math.max(0, p.mostFreeCpu.freeCpu))} on ${p.mostFreeCpu.host.name}`;
}

/**
 * The text stored in Instance.placementReason: the chosen host and why, then up to a few other
 * hosts and why they lost or were rejected, e.g.
 * "host-2: 1.5 GB free after placement, bin-pack score 0.82; host-1 rejected: needs 512 MB, 300 MB free".
 */
const REJECTION_ORDER: Record<Rejection['code'], number> = { MEMORY: 0, CPU: 1, NOT_READY: 2, LABELS: 3 };

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
