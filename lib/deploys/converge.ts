import { db, type App, type Instance } from '../db';
import { syncProxy } from '../proxy/sync-proxy';
import { effectiveFormation } from '../model/formation';
import { processTypesOf } from './deploy-release';
import { planFormation } from './desired-slots';
import { retireInstances, startSlots } from './start-slots';
import { SLOT_INSTANCE_STATUSES } from '../model/instance-status';
import { describeError } from '../errors';
import { removeSpare } from './spare-network';

/**
 * Makes the live release run exactly its formation (scale, resize, start, stop): starts the
 * missing instances and waits until healthy, puts them in the proxy, then retires the extra ones
 * (and every instance of an older release). Desired = the formation per process type while
 * desiredState is RUNNING; nothing when STOPPED.
 */
export async function converge(appId: string, signal?: AbortSignal): Promise<{ started: number; stopped: number }> {
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, include: { currentRelease: true, formation: true } });
  const release = app.currentRelease;
  const present = await db.instance.findMany({
    where: { appId, status: { in: [...SLOT_INSTANCE_STATUSES] } },
  });
  const wanted = release && app.desiredState === 'RUNNING' ? effectiveFormation(app, processTypesOf(release)) : [];
  const current = present.filter((i) => i.releaseId === release?.id && i.status !== 'STOPPING');
  const plan = planFormation(wanted, current);

  if (release && plan.start.length > 0) {
    await startSlots(app as App, release, plan.start, signal);
  }
  const extra: Instance[] = [...present.filter((i) => i.releaseId !== release?.id), ...plan.retire];
  // Going to sleep: the live release's containers stay, stopped, so the wake is a `docker start`.
  const keep = (i: Instance) => app.sleepingSince !== null && i.releaseId === release?.id;
  if (extra.length > 0) await retireInstances(extra, undefined, keep);
  else await syncProxy();
  // Asleep or stopped: no push is coming soon, and the spare's port and memory are better free.
  if (app.desiredState !== 'RUNNING') await removeSpare(appId).catch((e) => console.warn(`[deploys] spare network: ${describeError(e)}`));
  return { started: plan.start.length, stopped: extra.length };
}
