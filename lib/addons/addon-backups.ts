import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { db, type Addon, type AddonBackup } from '../db';
import { notFound } from '../errors';
import { recordEvent } from '../events/record-event';
import { backupAddon } from './backup-addon';
import { findAddonForActor } from './find-addon';

export type AddonBackupDto = {
  id: string;
  kind: string;
  status: string;
  sizeBytes: number | null;
  sha256: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export function backupDto(b: AddonBackup): AddonBackupDto {
  return {
    id: b.id,
    kind: b.kind.toLowerCase(),
    status: b.status.toLowerCase(),
    sizeBytes: b.sizeBytes === null ? null : Number(b.sizeBytes),
    sha256: b.sha256,
    error: b.error,
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

/** POST /api/apps/<name>/addons/<id>/backups: an on-demand dump, answered when it is done. */
export async function createBackup(actor: Actor, name: string, id: string): Promise<AddonBackupDto> {
  const addon = await findAddonForActor(actor, name, id, 'write');
  const backup = await backupAddon(addon, 'MANUAL');
  await recordEvent({
    kind: 'addon.backup',
    message: `Backup of ${addon.type.toLowerCase()} for ${addon.app.name} ${backup.status.toLowerCase()}`,
    appId: addon.appId,
    appName: addon.app.name,
    actor,
    data: { addonId: addon.id, backupId: backup.id },
  });
  return backupDto(backup);
}

/** GET …/backups: newest first, with status, size and sha256. */
export async function listBackups(actor: Actor, name: string, id: string): Promise<AddonBackupDto[]> {
  const addon = await findAddonForActor(actor, name, id);
  const rows = await db.addonBackup.findMany({ where: { addonId: addon.id }, orderBy: { createdAt: 'desc' }, take: 100 });
  return rows.map(backupDto);
}

export const ZRestore = z.object({ backupId: z.string().min(1).max(64) }).strict();

/**
 * A succeeded backup of this add-on, or of another add-on of the same type on the same app (the
 * last backup of one on a lost host restores into a new one). Another app's backup is NOT_FOUND.
 */
export async function findBackup(addon: { appId: string; type: Addon['type'] }, backupId: string): Promise<AddonBackup & { path: string }> {
  const backup = await db.addonBackup.findFirst({
    where: { id: backupId, status: 'SUCCEEDED', addon: { appId: addon.appId, type: addon.type } },
  });
  if (!backup || !backup.path) throw notFound('Backup');
  return { ...backup, path: backup.path };
}

/** GET …/backups/<backupId>/download: where the dump is and what to call it. */
export async function openBackupDownload(
  actor: Actor,
  name: string,
  id: string,
  backupId: string,
): Promise<{ path: string; filename: string; sizeBytes: number; sha256: string | null }> {
  const addon = await findAddonForActor(actor, name, id);
  const backup = await findBackup(addon, backupId);
  const ext = backup.path.split('.').pop();
  return {
    path: backup.path,
    filename: `${addon.app.name}-${addon.type.toLowerCase()}-${backup.createdAt.toISOString().replace(/[:.]/g, '-')}.${ext}`,
    sizeBytes: Number(backup.sizeBytes ?? 0),
    sha256: backup.sha256,
  };
}
