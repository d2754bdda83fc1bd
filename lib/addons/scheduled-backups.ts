import { rm } from 'node:fs/promises';
import { db } from '../db';
import { backupAddon } from './backup-addon';

export const BACKUP_EVERY_MS = 24 * 60 * 60_000;
export const SCHEDULED_BACKUPS_KEPT = 7;

/**
 * Daily backups: every running add-on whose last scheduled backup is older than a day (or that
 * has none) gets one; of the scheduled ones, the newest 7 good ones are kept (files removed with
 * their rows).
 * `now` comes from the caller's clock (and stamps the backups it takes), so tests move time
 * instead of waiting a day (test/integration/addons-lifecycle.test.ts).
 */
export async function runScheduledBackups(now: Date): Promise<{ backedUp: string[]; pruned: number }> {
  const backedUp: string[] = [];
  const addons = await db.addon.findMany({ where: { status: 'AVAILABLE', deletedAt: null }, include: { host: true } });
  for (const addon of addons) {
    // A failed one does not count: the next pass (every 10 min) tries again.
    const last = await db.addonBackup.findFirst({
      where: { addonId: addon.id, kind: 'SCHEDULED', status: { not: 'FAILED' } },
      orderBy: { createdAt: 'desc' },
    });
    if (last && now.getTime() - last.createdAt.getTime() < BACKUP_EVERY_MS) continue;
    const backup = await backupAddon(addon, 'SCHEDULED', { at: now });
    backedUp.push(`${addon.id}: ${backup.status.toLowerCase()}`);
  }
  let pruned = 0;
  for (const addon of addons) {
    // The newest 7 good ones stay, and at most 7 failed ones (so retries never push out backups).
    for (const status of ['SUCCEEDED', 'FAILED'] as const) {
      const old = await db.addonBackup.findMany({
        where: { addonId: addon.id, kind: 'SCHEDULED', status },
        orderBy: { createdAt: 'desc' },
        skip: SCHEDULED_BACKUPS_KEPT,
      });
      for (const b of old) {
        if (b.path) await rm(b.path, { force: true });
        await db.addonBackup.delete({ where: { id: b.id } });
        pruned++;
      }
    }
  }
  return { backedUp, pruned };
}
