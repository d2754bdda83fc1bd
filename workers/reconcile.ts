import { startLoop } from '../lib/background/loop';
import type { Clock } from '../lib/background/clock';
import { reconcileOnce } from '../lib/deploys/reconcile';
import { listenForReconcileRequests } from '../lib/deploys/request-reconcile';
import type { BackgroundTask } from './task';

/**
 * The reconcile loop: a pass at start, every 5 s after the previous one ends, and at once when
 * requestReconcile() is called (the observer does on an instance's `die`/`oom`), in this process
 * or another. Passes never overlap; requests during a pass coalesce into one more.
 */
export const RECONCILE_INTERVAL_MS = 5_000;

export type ReconcileLoopOptions = { intervalMs?: number; clock?: Clock };

export async function start(opts: ReconcileLoopOptions = {}): Promise<BackgroundTask> {
  const loop = startLoop({
    name: 'reconcile',
    intervalMs: opts.intervalMs ?? RECONCILE_INTERVAL_MS,
    clock: opts.clock,
    run: async () => {
      const r = await reconcileOnce({ clock: opts.clock });
      if (r.restarted.length || r.removed.length || r.converged.length)
        console.log(`[reconcile] restarted ${r.restarted.join(', ') || '-'}; removed ${r.removed.join(', ') || '-'}; converged ${r.converged.join(', ') || '-'}`);
      for (const e of r.errors) console.warn(`[reconcile] ${e}`);
    },
  });
  const requests = await listenForReconcileRequests(() => loop.wake());
  return {
    name: 'reconcile',
    close: async () => {
      requests.close();
      await loop.close();
    },
  };
}
