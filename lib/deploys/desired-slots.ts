/**
 * Which instances a release should run (pure). Web: `App.instances` instances, indexes 0..n-1.
 * Every other Procfile process type (e.g. `worker:`) runs as ONE instance without port or route
 * while the app is scaled above zero; scale 0 stops everything. `release:` (Heroku's release
 * phase) is not a long-running process and is never started as an instance.
 */
export type Slot = { processType: string; index: number };

const NOT_LONG_RUNNING = new Set(['web', 'release']);

export function desiredSlots(webInstances: number, processTypes: Record<string, string>): Slot[] {
  if (webInstances <= 0) return [];
  const slots: Slot[] = [];
  for (let i = 0; i < webInstances; i++) slots.push({ processType: 'web', index: i });
  for (const type of Object.keys(processTypes).sort()) {
    if (!NOT_LONG_RUNNING.has(type)) slots.push({ processType: type, index: 0 });
  }
  return slots;
}

/** Lowest index of `processType` not taken by an active instance (for scale-up and restarts). */
export function freeIndex(active: Slot[], processType: string): number {
  const taken = new Set(active.filter((s) => s.processType === processType).map((s) => s.index));
  let i = 0;
  while (taken.has(i)) i++;
  return i;
}
