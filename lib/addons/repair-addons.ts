import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { inspectContainer } from '../docker/containers';
import { dockerForHost } from '../docker/host-client';
import { ensureAddonContainer, waitAddonReady } from './addon-container';
import { addonJob } from './addon-job';

/**
 * Level-based repair of add-ons, run by the add-ons worker loop (never moves data):
 *  - AVAILABLE on a host that is UNREACHABLE → UNAVAILABLE, with the last backup named: the data
 *    lives on that host, so it is not recreated elsewhere behind anyone's back;
 *  - AVAILABLE whose container is gone or stopped → started again (recreated on the same volume);
 *  - UNAVAILABLE whose host is READY again → started and AVAILABLE;
 *  - PROVISIONING / deleted rows get their job back (a no-op when it is queued or done).
 * Returns what it did, for logs and tests.
 */
export async function repairAddons(): Promise<string[]> {
  const done: string[] = [];
  const rows = await db.addon.findMany({
    where: { status: { in: ['PROVISIONING', 'AVAILABLE', 'UNAVAILABLE'] } },
    include: { host: true, app: { select: { id: true, name: true } } },
  });
  for (const addon of rows) {
    try {
      if (addon.deletedAt) {
        await addonJob.enqueue({ addonId: addon.id, action: 'remove' });
        continue;
      }
      if (addon.status === 'PROVISIONING') {
        await addonJob.enqueue({ addonId: addon.id, action: 'provision' });
        continue;
      }
      if (!addon.host) continue;
      const host = addon.host;
      if (host.status === 'UNREACHABLE') {
        if (addon.status === 'AVAILABLE') {
          const last = await db.addonBackup.findFirst({ where: { addonId: addon.id, status: 'SUCCEEDED' }, orderBy: { createdAt: 'desc' } });
          const reason = `host ${host.name} is unreachable; the data lives there, so the add-on is not moved. ${
            last ? `Last backup ${last.id} (${last.createdAt.toISOString()}) can be restored into a new add-on.` : 'No backup exists.'
          }`;
          await db.addon.update({ where: { id: addon.id }, data: { status: 'UNAVAILABLE', statusReason: reason } });
          await recordEvent({ kind: 'addon.unavailable', message: `${addon.type.toLowerCase()} of ${addon.app.name}: ${reason}`, appId: addon.appId, appName: addon.app.name, hostId: host.id, data: { addonId: addon.id, lastBackupId: last?.id ?? null } });
          done.push(`${addon.id}: unavailable`);
        }
        continue;
      }
      if (host.status !== 'READY' && addon.status !== 'AVAILABLE') continue;
      const info = await inspectContainer(dockerForHost(host), addon.containerName, 30_000);
      if (addon.status === 'AVAILABLE' && info?.State.Running && !info.State.Restarting) continue;
      const placed = { ...addon, host };
      const containerId = await ensureAddonContainer(placed);
      await waitAddonReady(placed);
      await db.addon.update({ where: { id: addon.id }, data: { status: 'AVAILABLE', statusReason: null, containerId } });
      const what = info ? 'restarted' : 'recreated on its volume';
      await recordEvent({ kind: 'addon.repair', message: `${addon.type.toLowerCase()} of ${addon.app.name} ${what}`, appId: addon.appId, appName: addon.app.name, hostId: host.id, data: { addonId: addon.id } });
      done.push(`${addon.id}: ${what}`);
    } catch (error) {
      done.push(`${addon.id}: ${describeError(error)}`);
    }
  }
  return done;
}
