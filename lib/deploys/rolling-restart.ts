import { db, type App } from '../db';
import { syncProxy } from '../proxy/sync-proxy';
import { effectiveFormation } from '../model/formation';
import { processTypesOf } from './deploy-release';
import { freeIndex } from './desired-slots';
import { retireInstances, startSlots } from './start-slots';
import { PRESENT_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * Rolling restart with no gap, one instance at a time: start a replacement (next free index, the
 * type's current tier) and wait until healthy → add it to the proxy → take the old one out of
 * the proxy → stop it gracefully. Also how a tier change is applied.
 */
export async function rollingRestart(appId: string, signal?: AbortSignal): Promise<number> {
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, include: { currentRelease: true, formation: true } });
  const release = app.currentRelease;
  if (!release || app.desiredState !== 'RUNNING') return 0;
  const tiers = new Map(effectiveFormation(app, processTypesOf(release)).map((e) => [e.processType, e.tier]));
  const olds = await db.instance.findMany({
    where: { appId, releaseId: release.id, status: { in: [...PRESENT_INSTANCE_STATUSES] } },
    orderBy: [{ processType: 'asc' }, { index: 'asc' }],
  });
  for (const old of olds) {
    if (old.status === 'STOPPING') continue;
    const active = await db.instance.findMany({
      where: { appId, releaseId: release.id, status: { in: [...PRESENT_INSTANCE_STATUSES] } },
      select: { processType: true, index: true },
    });
    const slot = { processType: old.processType, index: freeIndex(active, old.processType), tier: tiers.get(old.processType) ?? app.tier };
    await startSlots(app as App, release, [slot], signal);
    await syncProxy();
    await retireInstances([old]);
  }
  return olds.length;
}
