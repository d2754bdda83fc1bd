import { TIER_NAMES, TIERS, tierFromName } from '@/lib/model/tiers';

/** "Small — 0.25 CPU, 256 MB": the <option>s of a tier picker, from the one table of tiers. */
export function TierOptions() {
  return TIER_NAMES.map((name) => {
    const { cpu, memoryMb } = TIERS[tierFromName(name)];
    const memory = memoryMb >= 1024 ? `${memoryMb / 1024} GB` : `${memoryMb} MB`;
    return (
      <option key={name} value={name}>
        {`${name[0].toUpperCase()}${name.slice(1)} — ${cpu / 1000} CPU, ${memory}`}
      </option>
    );
  });
}
