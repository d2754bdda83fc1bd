/**
 * Where one instance start's time went (ms per step: image check, container, start, health
 * check), kept in memory for this process's most recent starts. bench/wake.ts reads it to print
 * where a wake's time goes — finer than the Deployment and Instance rows' timestamps, and not
 * worth a column: it is a measurement aid, bounded (the last MAX_KEPT starts) and never read by
 * the deploy path itself.
 */
export type StartTimings = {
  instanceId: string;
  /** How the container was obtained: kept (a stopped one started again), created, or already running. */
  container: 'kept' | 'created' | 'running';
  steps: Record<string, number>;
};

const MAX_KEPT = 200;
const recent = new Map<string, StartTimings>();

/** Laps: `lap(step)` records the time since the previous lap under `step`. */
export class StartClock {
  private last = performance.now();
  readonly steps: Record<string, number> = {};

  lap(step: string): void {
    const now = performance.now();
    this.steps[step] = (this.steps[step] ?? 0) + (now - this.last);
    this.last = now;
  }
}

export function recordStartTimings(timings: StartTimings): void {
  recent.delete(timings.instanceId);
  recent.set(timings.instanceId, timings);
  if (recent.size > MAX_KEPT) recent.delete(recent.keys().next().value!);
}

export function startTimingsOf(instanceId: string): StartTimings | null {
  return recent.get(instanceId) ?? null;
}
