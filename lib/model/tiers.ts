import type { Tier } from '../db';

/**
 * What one instance of a tier asks for and may use, with Kubernetes semantics:
 *  - requests are what the scheduler counts when it admits an instance onto a host (most apps
 *    idle, so they are small) and what the container is guaranteed under contention
 *    (`CpuShares` proportional to the CPU request, `MemoryReservation` = the memory request);
 *  - limits are what cgroups enforce (`NanoCpus` from the CPU limit, `Memory` from the memory
 *    limit). `cpuLimit: null` = no CPU limit: the instance may use idle CPU, shares decide under
 *    contention.
 * Millicores and MB.
 */
export type TierResources = {
  cpuRequest: number;
  cpuLimit: number | null;
  memoryRequestMb: number;
  memoryLimitMb: number;
};

export const TIERS: Record<Tier, TierResources> = {
  SMALL: { cpuRequest: 50, cpuLimit: 500, memoryRequestMb: 64, memoryLimitMb: 256 },
  MEDIUM: { cpuRequest: 250, cpuLimit: 1000, memoryRequestMb: 256, memoryLimitMb: 512 },
  LARGE: { cpuRequest: 1000, cpuLimit: null, memoryRequestMb: 1024, memoryLimitMb: 1024 },
};

export function tierResources(tier: Tier): TierResources {
  return TIERS[tier];
}

/** Whether an instance was created with exactly these resources (else a resize replaces it). */
export function sameResources(a: TierResources, b: TierResources): boolean {
  return (
    a.cpuRequest === b.cpuRequest &&
    a.cpuLimit === b.cpuLimit &&
    a.memoryRequestMb === b.memoryRequestMb &&
    a.memoryLimitMb === b.memoryLimitMb
  );
}

/** The lower-case names the API and UI use: small | medium | large. */
export const TIER_NAMES = ['small', 'medium', 'large'] as const;
export type TierName = (typeof TIER_NAMES)[number];
export const tierFromName = (name: TierName): Tier => name.toUpperCase() as Tier;
export const tierName = (tier: Tier): TierName => tier.toLowerCase() as TierName;
export const isTierName = (value: unknown): value is TierName =>
  typeof value === 'string' && (TIER_NAMES as readonly string[]).includes(value);

/** Docker's CpuShares for a CPU request, as the kubelet computes it (1024 per core, at least 2). */
export function cpuSharesFor(cpuRequest: number): number {
  return Math.max(2, Math.round((cpuRequest * 1024) / 1000));
}

/** "0.05 CPU" / "1 CPU" and "64 MB" / "1 GB", as tier tables print them. */
export const cpuText = (millicores: number): string => `${+(millicores / 1000).toFixed(3)} CPU`;
export const memoryText = (mb: number): string => (mb >= 1024 ? `${+(mb / 1024).toFixed(2)} GB` : `${mb} MB`);
export const cpuLimitText = (limit: number | null): string => (limit === null ? 'no limit (shares)' : cpuText(limit));

/** "request 0.05 CPU / 64 MB, limit 0.5 CPU / 256 MB". */
export function describeTier(r: TierResources): string {
  return `request ${cpuText(r.cpuRequest)} / ${memoryText(r.memoryRequestMb)}, limit ${cpuLimitText(r.cpuLimit)} / ${memoryText(r.memoryLimitMb)}`;
}
