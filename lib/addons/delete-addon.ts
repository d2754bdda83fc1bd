import type { Actor } from '../auth/actor';
import { db } from '../db';
import { badRequest } from '../errors';
import { recordEvent } from '../events/record-event';
import { addonDto, type AddonDto } from './addon-dto';
import { addonJob } from './addon-job';
import { detachAddon } from './attach-addon';
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
