import { describeTier, TIER_NAMES, TIERS, tierFromName } from '@/lib/model/tiers';

/** "Small — request 0.05 CPU / 64 MB, limit 0.5 CPU / 256 MB": a tier picker's <option>s, from the one table of tiers. */
export function TierOptions() {
  return TIER_NAMES.map((name) => (
    <option key={name} value={name}>
      {`${name[0].toUpperCase()}${name.slice(1)} — ${describeTier(TIERS[tierFromName(name)])}`}
    </option>
  ));
}
