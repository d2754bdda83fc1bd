import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { addonDto, type AddonDto } from './addon-dto';
import { addonSizeBytes } from './addon-size';
import { findAddonForActor } from './find-addon';
import { backupDto, type AddonBackupDto } from './addon-backups';

/** GET /api/apps/<name>/addons: the app's add-ons (deleted ones are gone from the list). */
export async function listAddons(actor: Actor, name: string): Promise<AddonDto[]> {
  const app = await findAppForActor(actor, name, 'read');
  const rows = await db.addon.findMany({ where: { appId: app.id, status: { not: 'DELETED' } }, include: { host: true }, orderBy: { createdAt: 'asc' } });
  return Promise.all(rows.map(async (row) => addonDto(row, { lastBackup: await lastBackup(row.id) })));
}

/** GET /api/apps/<name>/addons/<id>[?reveal=1]: status, version, size used, connection info (masked unless reveal). */
export async function getAddon(actor: Actor, name: string, id: string, reveal = false): Promise<AddonDto> {
  const addon = await findAddonForActor(actor, name, id);
  const sizeBytes = addon.status === 'AVAILABLE' && addon.host ? await addonSizeBytes({ ...addon, host: addon.host }) : null;
  return addonDto(addon, { reveal, sizeBytes, lastBackup: await lastBackup(addon.id) });
}

/** The Add-ons tab: each add-on with its latest backups. */
export async function listAddonsWithBackups(actor: Actor, name: string): Promise<Array<AddonDto & { backups: AddonBackupDto[] }>> {
  const app = await findAppForActor(actor, name, 'read');
  const rows = await db.addon.findMany({
    where: { appId: app.id, status: { not: 'DELETED' } },
    include: { host: true, backups: { orderBy: { createdAt: 'desc' }, take: 10 } },
    orderBy: { createdAt: 'asc' },
  });
  return Promise.all(rows.map(async (row) => ({ ...addonDto(row, { lastBackup: await lastBackup(row.id) }), backups: row.backups.map(backupDto) })));
}

/** The add-on's newest succeeded backup. */
function lastBackup(addonId: string) {
  return db.addonBackup.findFirst({ where: { addonId, status: 'SUCCEEDED' }, orderBy: { createdAt: 'desc' }, select: { id: true, createdAt: true } });
}
