import { describeError } from '../errors';
import { acquireLeaderLock, LEADER_RETRY_MS, type LeaderLockOptions } from './leader-lock';
import { processLabel } from './process-label';

/**
 * Runs `start()`'s work only while this process holds the leader lock `name` (leader-lock.ts):
 * waits for the lock, starts the work, and when the lock is lost closes the work and waits for
 * the lock again. With several worker processes exactly one runs the periodic loops; when it dies
 * another takes over within about `retryMs`.
 *
 * A lost lock closes the work first (each loop's run is aborted and awaited), so the old and the
 * new leader overlap at most by one pass in progress; every loop is level-based and idempotent
 * against PostgreSQL, so such a pass does no harm.
 */
export type LeaderWork = { close: () => Promise<void> };

export type RunAsLeaderOptions = LeaderLockOptions & {
  /** Lock name, per installation (e.g. `berth.leader.<installation>`). */
  name: string;
  start: () => Promise<LeaderWork>;
  /** For logs: what this process runs while leading. */
  describe?: string;
};

export type Leadership = {
  /** Whether this process leads right now (its work is started). */
  leading: () => boolean;
  /** Closes the work, gives the lock up and stops trying. */
  close: () => Promise<void>;
};

export function runAsLeader(opts: RunAsLeaderOptions): Leadership {
  const stop = new AbortController();
  const aborted = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
  let leading = false;
  const running = (async () => {
    while (!stop.signal.aborted) {
      const lock = await acquireLeaderLock(opts.name, stop.signal, opts);
      if (!lock) return;
      let work: LeaderWork | null = null;
      try {
        work = await opts.start();
        leading = true;
        console.log(`[leader] ${processLabel()} leads${opts.describe ? `: ${opts.describe}` : ''}`);
        await Promise.race([lock.lost, aborted]);
      } catch (error) {
        console.error(`[leader] starting the leader's work failed: ${describeError(error)}`);
      }
      leading = false;
      await work?.close().catch((error: unknown) => console.error(`[leader] closing: ${describeError(error)}`));
      await lock.release();
      if (!stop.signal.aborted) {
        console.error(`[leader] ${processLabel()} lost the lead; waiting to take it again`);
        await Promise.race([new Promise((r) => setTimeout(r, opts.retryMs ?? LEADER_RETRY_MS)), aborted]);
      }
    }
  })();
  return {
    leading: () => leading,
    close: async () => {
      stop.abort();
      await running;
    },
  };
}
