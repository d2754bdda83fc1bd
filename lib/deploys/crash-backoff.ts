/**
 * Crash-loop backoff for the reconciler's restarts (pure; time is passed in). Docker's own
 * `unless-stopped` policy already restarts a crashed container with a doubling delay; the
 * reconciler only steps in when the container is gone or exited, and must not fight that with an
 * immediate recreate every pass. The n-th consecutive restart of an instance waits
 * BASE × 2^(n-1) (capped) after the previous one; an instance that stayed up for STABLE_MS
 * starts again from zero.
 */
export const CRASH_BACKOFF_BASE_MS = 1_000;
export const CRASH_BACKOFF_MAX_MS = 5 * 60_000;
export const CRASH_STABLE_MS = 60_000;

export type CrashState = { restarts: number; lastRestartAt: number };

/** The wait before the next restart, given how many restarts in a row came before. */
export function backoffMs(restarts: number): number {
  if (restarts <= 0) return 0;
  return Math.min(CRASH_BACKOFF_MAX_MS, CRASH_BACKOFF_BASE_MS * 2 ** (restarts - 1));
}

/** Whether to restart now, or how long is left to wait. */
export function crashAction(state: CrashState | undefined, now: number): { restart: true } | { restart: false; waitMs: number } {
  if (!state) return { restart: true };
  const due = state.lastRestartAt + backoffMs(state.restarts);
  return now >= due ? { restart: true } : { restart: false, waitMs: due - now };
}

/** Per-instance crash states of this worker process (a restarted worker starts from zero). */
export class CrashLedger {
  private states = new Map<string, CrashState>();

  action(instanceId: string, now: number) {
    return crashAction(this.states.get(instanceId), now);
  }

  /** A restart attempt was made now. Returns how many in a row. */
  restarted(instanceId: string, now: number): number {
    const prev = this.states.get(instanceId);
    const restarts = (prev?.restarts ?? 0) + 1;
    this.states.set(instanceId, { restarts, lastRestartAt: now });
    return restarts;
  }

  /** The instance is running; forget its crashes once it has been up long enough. */
  running(instanceId: string, now: number): void {
    const prev = this.states.get(instanceId);
    if (prev && now - prev.lastRestartAt >= CRASH_STABLE_MS) this.states.delete(instanceId);
  }
}
