import { db } from '../db';
import { recordEvent } from '../events/record-event';
import { PRESENT_INSTANCE_STATUSES } from '../model/instance-status';
import { releaseInstance } from '../scheduler/reserve';

/**
 * Host loss: the instances of an UNREACHABLE host are written off — STOPPED, their reservation
 * freed, an `instance.lost` event each — so the proxy drops them at once (it routes RUNNING
 * instances only) and the reconciler's slot convergence places their slots again on hosts that
 * have room (the scheduler only picks READY hosts). Their containers may still be running over
 * there: when the host answers again, nothing claims them on that host any more and the
 * reconciler removes them as strays, so a slot never serves from two places.
 * Returns the lost instances' container names.
 */
export async function writeOffLostInstances(): Promise<string[]> {
  const lost = await db.instance.findMany({
    where: { status: { in: [...PRESENT_INSTANCE_STATUSES] }, host: { status: 'UNREACHABLE' } },
    include: { host: { select: { name: true } }, app: { select: { name: true } } },
  });
  for (const i of lost) {
    await releaseInstance(i.id);
    await recordEvent({
      kind: 'instance.lost',
      message: `${i.containerName} lost with host ${i.host.name} (unreachable); placing it again elsewhere`,
      appId: i.appId,
      appName: i.app.name,
      hostId: i.hostId,
      data: { instanceId: i.id, host: i.host.name },
    });
  }
  return lost.map((i) => i.containerName);
}
