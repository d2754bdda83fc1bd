import type { Tx } from '../db';
import { AppError } from '../errors';
import { loadHostRows, loadHostUsage, measuredUse, toSchedulerHost, toUsageIndex } from '../scheduler/cluster-state';
import { explainNoFit, explainPlacement } from '../scheduler/explain';
import { place } from '../scheduler/place';
import { lockPlacements } from '../scheduler/reserve';

/**
 * Chooses the host of a new add-on with the scheduler, under the same advisory lock as instance
 * placement, so its requests and an instance's cannot both take the last room on a host. The
 * caller writes hostId in the same transaction: from then on the requests count (cluster-state).
 */
export async function placeAddon(
  tx: Tx,
  input: { appId: string; addonKey: string; cpuRequest: number; memoryRequestMb: number; constraints?: Record<string, string> },
): Promise<{ hostId: string; reason: string }> {
  const measured = await measuredUse();
  await lockPlacements(tx);
  const hosts = await loadHostRows(tx);
  const usage = toUsageIndex(await loadHostUsage(tx, { measured }));
  const placement = place(
    {
      appId: input.appId,
      releaseId: input.addonKey,
      cpu: input.cpuRequest,
      memoryMb: input.memoryRequestMb,
      strategy: 'BINPACK',
      constraints: input.constraints,
    },
    hosts.map(toSchedulerHost),
    usage,
    { limit: hosts.length },
  );
  for (const candidate of placement.candidates) {
    const locked = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM "Host" WHERE id = ${candidate.host.id} FOR UPDATE`;
    if (locked[0]?.status !== 'READY') continue;
    const reason = explainPlacement({ ...placement, candidates: [candidate, ...placement.candidates.filter((c) => c !== candidate)] });
    return { hostId: candidate.host.id, reason };
  }
  throw new AppError('CONFLICT', explainNoFit(placement));
}
