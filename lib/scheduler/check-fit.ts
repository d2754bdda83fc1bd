import { db } from '../db';
import { AppError } from '../errors';
import { explainNoFit, explainPlacement } from './explain';
import { commitPlacement, place, prepareCluster, releaseKey } from './place';
import { loadHostRows, loadHostUsage, toSchedulerHost, toUsageIndex } from './cluster-state';
import type { PlacementRequest } from './types';

/**
 * Placement without reservation, on a snapshot of the cluster (no lock, nothing written):
 *  - `checkFit` answers "would these instances fit right now?" before a scale is accepted, so a
 *    scale past capacity is refused with the reason and changes nothing;
 *  - `chooseHost` picks the host for a short one-off container (the release phase).
 * Advisory: the deploy still reserves each instance under the placement lock.
 */
type Held = { hostId: string; cpuRequest: number; memoryRequestMb: number };

async function snapshot(sibling: { appId: string; releaseId: string }, without: readonly Held[] = []) {
  const [rows, usage] = await Promise.all([loadHostRows(db), loadHostUsage(db, { sibling })]);
  for (const held of without) {
    const u = usage.get(held.hostId);
    if (!u) continue;
    u.cpuRequest -= held.cpuRequest;
    u.memoryRequestMb -= held.memoryRequestMb;
  }
  return prepareCluster(rows.map(toSchedulerHost), toUsageIndex(usage, sibling), releaseKey(sibling.appId, sibling.releaseId));
}

/**
 * Places `requests` one after another (each sees the ones before it); the first that does not fit
 * and why, or null. `without`: instances counted as gone (their requests freed), e.g. the ones a
 * resize replaces.
 */
export async function checkFit(
  requests: PlacementRequest[],
  opts: { without?: readonly Held[] } = {},
): Promise<{ index: number; reason: string } | null> {
  if (requests.length === 0) return null;
  const cluster = await snapshot(requests[0], opts.without);
  for (let i = 0; i < requests.length; i++) {
    const placement = place(requests[i], cluster, { limit: 1 });
    const best = placement.candidates[0];
    if (!best) return { index: i, reason: explainNoFit(placement) };
    commitPlacement(cluster, best.index, requests[i]);
  }
  return null;
}

/** The best host for one short-lived container now; AppError CONFLICT with the reason when none fits. */
export async function chooseHost(request: PlacementRequest): Promise<{ hostId: string; reason: string }> {
  const placement = place(request, await snapshot(request));
  const best = placement.candidates[0];
  if (!best) throw new AppError('CONFLICT', explainNoFit(placement));
  return { hostId: best.host.id, reason: explainPlacement(placement) };
}
