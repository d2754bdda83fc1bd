import type { Tier } from '../db';

/** CPU (millicores) and memory (MB) reserved per instance, and the container's limits. */
export type TierResources = { cpu: number; memoryMb: number };

export const TIERS: Record<Tier, TierResources> = {
  SMALL: { cpu: 250, memoryMb: 256 },
  MEDIUM: { cpu: 500, memoryMb: 512 },
  LARGE: { cpu: 1000, memoryMb: 1024 },
};

export function tierResources(tier: Tier): TierResources {
  return TIERS[tier];
}

/** The lower-case names the API and UI use: small | medium | large. */
export const TIER_NAMES = ['small', 'medium', 'large'] as const;
export type TierName = (typeof TIER_NAMES)[number];
export const tierFromName = (name: TierName): Tier => name.toUpperCase() as Tier;
