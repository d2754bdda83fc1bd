import { rm } from 'node:fs/promises';
import { db } from '../db';
import { describeError } from '../errors';
import { removeContainer } from '../docker/containers';
import { removeNamedVolume } from '../docker/addon-volumes';
import { dockerForHost } from '../docker/host-client';
import { removeAddonResources } from './remove-addon';

export type AppAddonsRemoval = {
  /** Final backups kept under the data directory (their rows go with the app). */
  finalBackups: string[];
  /** Volumes left on their host: no good final backup, or the host is unreachable. */
  keptVolumes: string[];
  problems: string[];
};

/**
 * Deleting an app (lib/apps/delete-app.ts) removes its add-ons first, while their servers still
 * run: each gets a final backup like a deleted add-on, then its container and named volume go.
 * Each row is claimed by setting it DELETED first, so the repair loop and the `remove` job leave
 * it alone. The other backup files go too (their rows cascade with the app); the final ones stay
 * under <data>/addon-backups/<appId>/ and are listed in the app.delete event. Idempotent: an app
 * delete that failed half-way and is repeated finishes what is left.
 */
export async function removeAppAddons(appId: string): Promise<AppAddonsRemoval> {
  const out: AppAddonsRemoval = { finalBackups: [], keptVolumes: [], problems: [] };
  const rows = await db.addon.findMany({ where: { appId }, include: { host: true, app: { select: { name: true } } } });
  for (const addon of rows) {
    const where = `${addon.type.toLowerCase()} ${addon.containerName}`;
    try {
      if (addon.status !== 'DELETED') {
        const claimed = await db.addon.updateMany({
          where: { id: addon.id, status: addon.status },
          data: { status: 'DELETED', deletedAt: addon.deletedAt ?? new Date() },
        });
        if (claimed.count === 0) continue; // its own remove job got there first
        const { kept } = await removeAddonResources(addon);
        if (kept) out.keptVolumes.push(`${addon.volumeName} on ${addon.host?.name ?? 'no host'}`);
      } else if (addon.host && addon.host.status !== 'UNREACHABLE') {
        // Removed before: make sure its container is gone; a volume it kept on purpose stays.
        const docker = dockerForHost(addon.host, 120_000);
        await removeContainer(docker, addon.containerName, { missingOk: true });
        if (addon.statusReason === null) await removeNamedVolume(docker, addon.volumeName);
        else out.keptVolumes.push(`${addon.volumeName} on ${addon.host.name}`);
      }
    } catch (error) {
      out.problems.push(`${where}: ${describeError(error)}`);
    }
  }
  const backups = await db.addonBackup.findMany({ where: { addon: { appId } } });
  for (const b of backups) {
    if (!b.path) continue;
    if (b.kind === 'FINAL' && b.status === 'SUCCEEDED') out.finalBackups.push(b.path);
    else await rm(b.path, { force: true });
  }
  return out;
}
