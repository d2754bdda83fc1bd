import type { Actor } from '../auth/actor';
import { db, type Addon, type Tx } from '../db';
import { badRequest } from '../errors';
import { recordEvent } from '../events/record-event';
import { addonDto, type AddonDto } from './addon-dto';
import { addonJob } from './addon-job';
import { detachAddon } from './attach-addon';
import { ADDON_KINDS, ADDON_TYPES } from './catalogue';
import { apiType, rowType } from './env-keys';
import { findAddonForActor } from './find-addon';

const DATABASE_TYPES = ADDON_TYPES.filter((t) => ADDON_KINDS[t].database).map(rowType);

/**
 * DELETE /api/apps/<name>/addons/<id>?confirm=<type>: detaches at once (its env vars removed,
 * DATABASE_URL handed to the app's next database add-on if it held it — one release), then the
 * `remove` job keeps a final backup and removes the container and volume. A repeated DELETE
 * finishes a detach that failed half-way (detachAddon compares with the app's env).
 */
export async function deleteAddon(actor: Actor, name: string, id: string, confirm: string | null): Promise<AddonDto> {
  const addon = await findAddonForActor(actor, name, id, 'write');
  const type = apiType(addon.type);
  if (confirm !== type) throw badRequest(`Confirm with ?confirm=${type}`, { confirm: `must be ${type}` });
  if (addon.status === 'DELETED') return addonDto(addon);
  const heir = addon.deletedAt
    ? null
    : await db.$transaction(async (tx) => {
        // Under the app's row lock, like provisioning: two deletes (or a delete and a provision)
        // at once cannot both decide who holds DATABASE_URL.
        await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${addon.appId} FOR UPDATE`;
        const fresh = await tx.addon.update({ where: { id: addon.id }, data: { deletedAt: new Date() } });
        return fresh.setsDatabaseUrl ? passDatabaseUrl(tx, fresh) : null;
      });
  await detachAddon(actor, addon);
  const marked = await db.addon.findUniqueOrThrow({ where: { id: addon.id }, include: { host: true } });
  await recordEvent({
    kind: 'addon.delete',
    message: `${type} detached from ${addon.app.name}${heir ? `; DATABASE_URL now points at its ${apiType(heir.type)} add-on` : ''}`,
    appId: addon.appId,
    appName: addon.app.name,
    actor,
    data: { addonId: addon.id, ...(heir ? { databaseUrlTo: heir.id } : {}) },
  });
  await addonJob.enqueue({ addonId: addon.id, action: 'remove' });
  return addonDto(marked);
}

/**
 * The oldest remaining database add-on of the app takes DATABASE_URL over (a running one before
 * one still provisioning; a failed one or one on a lost host never). Returns it, or null.
 */
async function passDatabaseUrl(tx: Tx, from: Addon): Promise<Addon | null> {
  const candidates = await tx.addon.findMany({
    where: { appId: from.appId, id: { not: from.id }, deletedAt: null, type: { in: DATABASE_TYPES }, status: { in: ['AVAILABLE', 'PROVISIONING'] } },
    orderBy: { createdAt: 'asc' },
  });
  const heir = candidates.find((a) => a.status === 'AVAILABLE') ?? candidates[0];
  if (!heir) return null;
  return tx.addon.update({ where: { id: heir.id }, data: { setsDatabaseUrl: true } });
}
