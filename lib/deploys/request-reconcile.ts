import { config } from '../config';
import { redis } from '../redis';

/** Pub/sub channel the reconcile loop (workers/reconcile.ts) listens on for an immediate pass. */
export const reconcileChannel = () => `berth:${config().BERTH_INSTALLATION}:reconcile`;

/** Asks the reconcile loop for a pass now (e.g. on a container death); cheap, coalesced. */
export async function requestReconcile(reason = 'requested'): Promise<void> {
  await redis().publish(reconcileChannel(), reason).catch(() => 0);
}
