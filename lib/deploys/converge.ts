import { db, type App, type Instance } from '../db';
import { syncProxy } from '../proxy/sync-proxy';
import { processTypesOf } from './deploy-release';
import { desiredSlots, type Slot } from './desired-slots';
import { retireInstances, startSlots } from './start-slots';
import { PRESENT_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * Makes the live release run exactly the desired slots (scale, start, stop): starts the
 * missing ones and waits until healthy, puts them in the proxy, then retires the extra ones.
 * Desired = App.instances and Procfile types while desiredState is RUNNING; nothing when STOPPED.
 */
export async function converge(appId: string, signal?: AbortSignal): Promise<{ started: number; stopped: number }> {
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, include: { currentRelease: true } });
  const release = app.currentRelease;
  const active = await db.instance.findMany({
    where: { appId, status: { in: [...PRESENT_INSTANCE_STATUSES] } },
  });
  const wanted =
    release && app.desiredState === 'RUNNING' ? desiredSlots(app.instances, processTypesOf(release)) : [];
  const key = (s: Slot) => `${s.processType}#${s.index}`;
  const current = active.filter((i) => i.releaseId === release?.id && i.status !== 'STOPPING');
  const currentKeys = new Set(current.map(key));
  const wantedKeys = new Set(wanted.map(key));

  const missing = wanted.filter((s) => !currentKeys.has(key(s)));
  if (release && missing.length > 0) {
    await startSlots(app as App, release, missing, signal);
  }
  const extra: Instance[] = [
    ...active.filter((i) => i.releaseId !== release?.id),
    ...current.filter((i) => !wantedKeys.has(key(i))),
  ];
  if (extra.length > 0) await retireInstances(extra);
  else await syncProxy();
  return { started: missing.length, stopped: extra.length };
}
