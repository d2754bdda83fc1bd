import path from 'node:path';
import { config } from '../config';

/** Backups live under the data directory: <data>/addon-backups/<appId>/<addonId>/<backupId>.<ext>. */
export function backupFile(ids: { appId: string; addonId: string; backupId: string }, ext: string): string {
  return path.join(config().paths.data, 'addon-backups', ids.appId, ids.addonId, `${ids.backupId}.${ext}`);
}
