import type { Tier } from '../db';
import { effectiveFormation, type FormationEntry, type FormationRow } from '../model/formation';
import { sameResources, tierResources, type TierResources } from '../model/tiers';

/**
 * Which instances a release should run (pure). Per runnable process type (web and every Procfile
 * type but `release`) the formation's quantity — web 1, others 0 unless scaled or set by
 * app.json — on the type's tier. `release:` (Heroku's release phase) runs once per release
 * before the switch and is never an instance.
 */
export type Slot = { processType: string; index: number; tier: Tier };

export function desiredSlots(
  app: { tier: Tier; formation: readonly FormationRow[] },
  processTypes: Record<string, string>,
): Slot[] {
  const slots: Slot[] = [];
  for (const entry of effectiveFormation(app, processTypes))
    for (let i = 0; i < entry.quantity; i++) slots.push({ processType: entry.processType, index: i, tier: entry.tier });
  return slots;
}

/** Lowest index of `processType` not taken by an active instance (for scale-up and restarts). */
export function freeIndex(active: { processType: string; index: number }[], processType: string): number {
  const taken = new Set(active.filter((s) => s.processType === processType).map((s) => s.index));
  let i = 0;
  while (taken.has(i)) i++;
  return i;
}

/** What converge needs to know of an instance of the live release (not STOPPING). */
export type SlotInstance = TierResources & { id: string; processType: string; index: number; status: string };

const STATUS_RANK: Record<string, number> = { RUNNING: 0, STARTING: 1, EXITED: 2, CRASHED: 3 };

/**
 * How to go from `current` instances of the live release to the formation (pure). Counted per
 * type, not by index, so instances renumbered by a rolling restart are kept: per type, the
 * instances on the type's tier are kept (running ones first) up to the quantity; the rest of the
 * type — extras and instances on another tier — are retired, and the missing ones started at
 * indexes no present instance holds (container names stay unique while old ones drain). Types
 * the formation does not run are retired entirely.
 */
export function planFormation<T extends SlotInstance>(wanted: FormationEntry[], current: T[]): { start: Slot[]; retire: T[] } {
  const start: Slot[] = [];
  const retire: T[] = [];
  const byType = new Map<string, T[]>();
  for (const i of current) {
    const list = byType.get(i.processType);
    if (list) list.push(i);
    else byType.set(i.processType, [i]);
  }
  for (const entry of wanted) {
    const mine = byType.get(entry.processType) ?? [];
    byType.delete(entry.processType);
    const resources = tierResources(entry.tier);
    const fitting = mine
      .filter((i) => sameResources(i, resources))
      .sort((a, b) => (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) || a.index - b.index);
    const kept = new Set(fitting.slice(0, entry.quantity));
    retire.push(...mine.filter((i) => !kept.has(i)));
    const taken = mine.map((i) => ({ processType: i.processType, index: i.index }));
    for (let n = kept.size; n < entry.quantity; n++) {
      const index = freeIndex(taken, entry.processType);
      taken.push({ processType: entry.processType, index });
      start.push({ processType: entry.processType, index, tier: entry.tier });
    }
  }
  for (const rest of byType.values()) retire.push(...rest);
  return { start, retire };
}
