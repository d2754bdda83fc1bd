import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { ensureAddonContainer, waitAddonReady } from './addon-container';
import { findBackup } from './addon-backups';
import { attachAddon } from './attach-addon';
import { restoreBackupFile } from './restore-addon';
import { ADDON_KINDS } from './catalogue';
import { apiType } from './env-keys';

/**
 * The `provision` job: container (image built if missing, network, volume) → server ready →
 * (the backup it starts from restored) → AVAILABLE → env attached (new release). Idempotent: a retry finds the container and the env
 * already there. A failure leaves the add-on FAILED with the reason; its requests are freed.
 */
export async function runAddonProvision(addonId: string): Promise<void> {
  const addon = await db.addon.findUnique({ where: { id: addonId }, include: { app: true, host: true } });
  if (!addon || addon.status !== 'PROVISIONING' || addon.deletedAt || !addon.host) return;
  const kind = ADDON_KINDS[apiType(addon.type)];
  const placed = { ...addon, host: addon.host };
  try {
    const containerId = await ensureAddonContainer(placed);
    await waitAddonReady(placed);
    if (addon.restoreBackupId) await restoreInto(placed, addon.restoreBackupId);
    const ready = await db.addon.update({ where: { id: addon.id }, data: { status: 'AVAILABLE', containerId, statusReason: null } });
    const change = await attachAddon({ ...ready, app: addon.app });
    await recordEvent({
      kind: 'addon.attach',
      message: `${kind.label} ${kind.version} attached to ${addon.app.name}${change.version ? ` (v${change.version})` : ''}`,
      appId: addon.appId,
      appName: addon.app.name,
      hostId: addon.hostId,
      data: { addonId: addon.id },
    });
  } catch (error) {
    const reason = describeError(error).slice(0, 500);
    await db.addon.updateMany({ where: { id: addon.id, status: 'PROVISIONING' }, data: { status: 'FAILED', statusReason: reason } });
    await recordEvent({ kind: 'addon.fail', message: `${kind.label} for ${addon.app.name} failed: ${reason}`, appId: addon.appId, appName: addon.app.name });
    throw error;
  }
}

/**
 * Restores the backup a new add-on starts from (a retried job restores it again: pg_restore
 * --clean, a MariaDB dump with DROP TABLE, a Redis RDB swap — all replace rather than add).
 */
async function restoreInto(addon: Parameters<typeof restoreBackupFile>[0], backupId: string): Promise<void> {
  const backup = await findBackup(addon, backupId);
  const started = Date.now();
  await restoreBackupFile(addon, backup.path, { fresh: true });
  await recordEvent({
    kind: 'addon.restore',
    message: `New ${addon.type.toLowerCase()} of ${addon.app.name} restored from the backup of ${backup.createdAt.toISOString()}`,
    appId: addon.appId,
    appName: addon.app.name,
    hostId: addon.hostId,
    data: { addonId: addon.id, backupId: backup.id, ms: Date.now() - started },
  });
}
