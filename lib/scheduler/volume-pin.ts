import type { Tx } from '../db';

/**
 * An app with volumes is pinned to one host: its data lives in named volumes on that engine, and
 * every instance (each deploy, each replica) must mount the same ones. Scale > 1 therefore puts
 * all replicas on that host, sharing the volumes.
 *
 * Read and written inside reserveInstance's transaction, under the placement lock: the first
 * placement after a volume was added chooses the host like any other and pins the app's
 * unpinned volumes to it, so two instances placed at once cannot pick two hosts.
 */
export async function volumePinOf(tx: Tx, appId: string): Promise<{ hasVolumes: boolean; hostId: string | null }> {
  const volumes = await tx.appVolume.findMany({ where: { appId }, select: { hostId: true } });
  return { hasVolumes: volumes.length > 0, hostId: volumes.find((v) => v.hostId)?.hostId ?? null };
}

/** Pins the app's not yet pinned volumes to `hostId` (no-op without any). */
export async function pinVolumes(tx: Tx, appId: string, hostId: string): Promise<void> {
  await tx.appVolume.updateMany({ where: { appId, hostId: null }, data: { hostId } });
}
