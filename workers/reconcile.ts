import { reconcileOnce } from '../lib/deploys/reconcile';
import { describeError } from '../lib/errors';
import { createRedis } from '../lib/redis';
import { reconcileChannel } from '../lib/deploys/request-reconcile';
import type { BackgroundTask } from './task';

/**
 * The reconcile loop: every 5 s, and at once when something publishes on the reconcile channel
 * (`requestReconcile()` from lib/deploys/request-reconcile, e.g. on a container death).
 * Passes never overlap.
 */
export const RECONCILE_INTERVAL_MS = 5_000;

export async function start(): Promise<BackgroundTask> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = reconcileOnce()
      .then((r) => {
        if (r.restarted.length || r.removed.length || r.converged.length)
          console.log(`[reconcile] restarted ${r.restarted.join(', ') || '-'}; removed ${r.removed.join(', ') || '-'}; converged ${r.converged.join(', ') || '-'}`);
        for (const e of r.errors) console.warn(`[reconcile] ${e}`);
      })
      .catch((e) => console.error(`[reconcile] ${describeError(e)}`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, RECONCILE_INTERVAL_MS);
  const sub = createRedis();
  await sub.subscribe(reconcileChannel()).catch(() => undefined);
  sub.on('message', () => pass());
  pass();
  return {
    name: 'reconcile',
    close: async () => {
      stopped = true;
      clearInterval(timer);
      sub.disconnect();
      await running;
    },
  };
}
