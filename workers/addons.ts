import { startJobWorker } from '../lib/background/job';
import { startLoop } from '../lib/background/loop';
import { systemClock, type Clock } from '../lib/background/clock';
import { addonJob } from '../lib/addons/addon-job';
import { repairAddons } from '../lib/addons/repair-addons';
import { runScheduledBackups } from '../lib/addons/scheduled-backups';
import type { BackgroundTask } from './task';

/**
 * Add-ons: the `addons` job queue (provision, remove), the repair loop (dead containers
 * restarted, add-ons on lost hosts marked unavailable: lib/addons/repair-addons.ts) and the
 * daily backups check (lib/addons/scheduled-backups.ts).
 */
export const ADDON_REPAIR_INTERVAL_MS = 15_000;
export const ADDON_BACKUP_CHECK_INTERVAL_MS = 10 * 60_000;

export type AddonsWorkerOptions = { repairIntervalMs?: number; backupIntervalMs?: number; clock?: Clock };

export async function start(opts: AddonsWorkerOptions = {}): Promise<BackgroundTask> {
  const clock = opts.clock ?? systemClock;
  const jobs = await startJobWorker(addonJob, { concurrency: 2, lockDurationMs: 10 * 60_000 });
  const repair = startLoop({
    name: 'addons repair',
    intervalMs: opts.repairIntervalMs ?? ADDON_REPAIR_INTERVAL_MS,
    clock,
    run: async () => {
      for (const line of await repairAddons()) console.log(`[addons] ${line}`);
    },
  });
  const backups = startLoop({
    name: 'addons backups',
    intervalMs: opts.backupIntervalMs ?? ADDON_BACKUP_CHECK_INTERVAL_MS,
    runAtStart: false,
    clock,
    run: async () => {
      const { backedUp, pruned } = await runScheduledBackups(new Date(clock.now()));
      if (backedUp.length || pruned) console.log(`[addons] scheduled backups: ${backedUp.join(', ')}; pruned ${pruned}`);
    },
  });
  return {
    name: 'addons',
    close: async () => {
      await Promise.all([repair.close(), backups.close()]);
      await jobs.close();
    },
  };
}
