import { db, type Addon, type App, type AddonBackup, type Host } from '../db';
import { recordEvent } from '../events/record-event';
import { removeContainer } from '../docker/containers';
import { removeNamedVolume } from '../docker/addon-volumes';
import { dockerForHost } from '../docker/host-client';
import { backupAddon } from './backup-addon';

/**
 * The `remove` job: a final backup while the server still runs, then container and volume go.
 * Without a good final backup the volume is kept (the reason says where) rather than lost.
 */
export async function runAddonRemoval(addonId: string): Promise<void> {
  const addon = await db.addon.findUnique({ where: { id: addonId }, include: { host: true, app: true } });
  if (!addon || !addon.deletedAt || addon.status === 'DELETED') return;
  const { final, kept } = await removeAddonResources(addon);
  await db.addon.update({
    where: { id: addon.id },
    data: {
      status: 'DELETED',
      statusReason: kept ? `no final backup (${final?.error ?? addon.status.toLowerCase()}): volume ${addon.volumeName} kept on its host` : null,
    },
  });
  await recordEvent({
    kind: 'addon.removed',
    message: `${addon.type.toLowerCase()} of ${addon.app.name} removed${kept ? ', volume kept' : ', final backup kept'}`,
    appId: addon.appId,
    appName: addon.app.name,
    data: { addonId: addon.id, finalBackupId: final?.id ?? null },
  });
}

/**
 * Final backup (of a running add-on), then its container and — when that backup succeeded, or
 * the add-on never held data (failed or still provisioning) — its volume. `kept`: the volume
 * stays on its host (no good final backup, or the host is unreachable).
 */
export async function removeAddonResources(
  addon: Addon & { host: Host | null; app: Pick<App, 'name'> },
): Promise<{ final: AddonBackup | null; kept: boolean }> {
  const final = addon.status === 'AVAILABLE' ? await backupAddon(addon, 'FINAL') : null;
  const heldNoData = addon.status === 'FAILED' || addon.status === 'PROVISIONING';
  const kept = !heldNoData && final?.status !== 'SUCCEEDED';
  if (!addon.host) return { final, kept: false }; // never placed: nothing exists
  if (addon.host.status === 'UNREACHABLE') return { final, kept: true }; // nothing can be removed there now
  const docker = dockerForHost(addon.host, 120_000);
  await removeContainer(docker, addon.containerName, { missingOk: true });
  if (!kept) await removeNamedVolume(docker, addon.volumeName);
  return { final, kept };
}
