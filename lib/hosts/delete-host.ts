import type { Actor } from '../auth/actor';
import { db } from '../db';
import { conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { hostById, forgetHostDocker } from '../docker/host-client';
import { forgetHostFirewall } from '../firewall/ensure-host-firewall';
import { PRESENT_INSTANCE_STATUSES } from '../model/instance-status';
import { requireAdmin } from '../auth/actor';
import { ADMINS_ONLY } from './schemas';

/**
 * Removes a host that runs nothing (drain it and move its apps first). Finished instance rows
 * that still point at it are deleted with it. The local host cannot be removed: the worker
 * registers it again at every start.
 */
export async function deleteHost(actor: Actor, hostId: string): Promise<void> {
  requireAdmin(actor, ADMINS_ONLY);
  const host = await hostById(hostId);
  if (host.isLocal) throw conflict('The local host cannot be removed');
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Host" WHERE id = ${hostId} FOR UPDATE`;
    const active = await tx.instance.count({
      where: { hostId, status: { in: [...PRESENT_INSTANCE_STATUSES] } },
    });
    if (active > 0) throw conflict(`${host.name} still has ${active} instance(s); drain it and move them first`);
    // App volumes keep their data on this engine (AppVolume.hostId is Restrict): say so, not a 500.
    const volumes = await tx.appVolume.count({ where: { hostId } });
    if (volumes > 0) throw conflict(`${host.name} holds ${volumes} app volume(s) with their data; remove them first`);
    await tx.instance.deleteMany({ where: { hostId } });
    await tx.host.delete({ where: { id: hostId } });
    await recordEvent({ kind: 'host.remove', message: `Host ${host.name} removed`, actor }, tx);
  });
  forgetHostDocker(hostId);
  forgetHostFirewall(hostId);
}
