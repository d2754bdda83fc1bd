import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { createRedis, redis } from '../redis';

/**
 * "Reconcile now" (e.g. an instance's container died): wakes the reconcile loop of THIS process
 * at once, and every other process's through a Redis pub/sub channel. The loop coalesces
 * wake-ups, so a burst of deaths costs at most one extra pass; a process ignores its own
 * published requests (it was woken in-process already).
 */
export const reconcileChannel = () => `berth:${config().BERTH_INSTALLATION}:reconcile`;

const processId = randomUUID();
const local = new Set<(reason: string) => void>();

export async function requestReconcile(reason = 'requested'): Promise<void> {
  for (const wake of local) wake(reason);
  await redis().publish(reconcileChannel(), JSON.stringify({ from: processId, reason })).catch(() => 0);
}

/** For the reconcile loop: calls `wake` on every request, from this process or another. */
export async function listenForReconcileRequests(
  wake: (reason: string) => void,
  opts: { processId?: string } = {},
): Promise<{ close: () => void }> {
  const self = opts.processId ?? processId;
  local.add(wake);
  const sub = createRedis();
  sub.on('error', () => undefined);
  sub.on('message', (_channel: string, message: string) => {
    let from: string | undefined;
    let reason = message;
    try {
      ({ from, reason } = JSON.parse(message) as { from?: string; reason: string });
    } catch {
      // a bare reason from an older publisher
    }
    if (from !== self) wake(reason);
  });
  await sub.subscribe(reconcileChannel()).catch(() => undefined);
  return {
    close: () => {
      local.delete(wake);
      sub.disconnect();
    },
  };
}
