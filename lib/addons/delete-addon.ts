import type { Actor } from '../auth/actor';
import { db } from '../db';
import { badRequest } from '../errors';
import { recordEvent } from '../events/record-event';
import { removeContainer } from '../docker/containers';
import { removeNamedVolume } from '../docker/addon-volumes';
import { dockerForHost } from '../docker/host-client';
import { addonDto, type AddonDto } from './addon-dto';
import { addonJob } from './addon-job';
import { detachAddon } from './attach-addon';
import { backupAddon } from './backup-addon';
import { apiType } from './env-keys';
import { findAddonForActor } from './find-addon';

/**
 * DELETE /api/apps/<name>/addons/<id>?confirm=<type>: detaches at once (its env vars removed, one
 * release), then the `remove` job keeps a final backup and removes the container and volume.
 */
export async function deleteAddon(actor: Actor, name: string, id: string, confirm: string | null): Promise<AddonDto> {
  const addon = await findAddonForActor(actor, name, id, 'write');
  const type = apiType(addon.type);
  if (confirm !== type) throw badRequest(`Confirm with ?confirm=${type}`, { confirm: `must be ${type}` });
  if (addon.deletedAt) return addonDto(addon);
  await detachAddon(actor, addon);
  const marked = await db.addon.update({ where: { id: addon.id }, data: { deletedAt: new Date() }, include: { host: true } });
  await recordEvent({ kind: 'addon.delete', message: `${type} detached from ${addon.app.name}`, appId: addon.appId, appName: addon.app.name, actor, data: { addonId: addon.id } });
  await addonJob.enqueue({ addonId: addon.id, action: 'remove' });
  return addonDto(marked);
}

/**
 * The `remove` job: a final backup while the server still runs, then container and volume go.
 * Without a good final backup the volume is kept (the reason says where) rather than lost.
 */
export async function runAddonRemoval(addonId: string): Promise<void> {
  const addon = await db.addon.findUnique({ where: { id: addonId }, include: { host: true, app: true } });
  if (!addon || !addon.deletedAt || addon.status === 'DELETED') return;
  const final = addon.status === 'AVAILABLE' ? await backupAddon(addon, 'FINAL') : null;
  const kept = !final || final.status !== 'SUCCEEDED';
  if (addon.host && addon.host.status !== 'UNREACHABLE') {
    const docker = dockerForHost(addon.host, 120_000);
    await removeContainer(docker, addon.containerName, { missingOk: true });
    if (!kept) await removeNamedVolume(docker, addon.volumeName);
  }
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
