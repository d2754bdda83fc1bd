import type { Actor } from '../auth/actor';
import type { Addon, Host } from '../db';
import { AppError, conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { copyFileIntoContainer } from '../docker/container-exec';
import { stopContainer, startContainer } from '../docker/containers';
import { dockerForHost, streamDocker } from '../docker/host-client';
import { execInAddon, waitAddonReady } from './addon-container';
import { backupDto, findBackup, type AddonBackupDto } from './addon-backups';
import { backupAddon, BACKUP_TIMEOUT_MS } from './backup-addon';
import { openCredentials } from './credentials';
import { apiType } from './env-keys';
import { findAddonForActor } from './find-addon';
import { ensureHostFirewall } from '../firewall/ensure-host-firewall';

type Running = Addon & { host: Host; app: { id: string; name: string } };

/**
 * POST …/addons/<id>/restore {backupId}: the dump goes back into the running add-on, which keeps
 * its container, URL and credentials. A failing restore leaves the current data: PostgreSQL
 * restores in one transaction; MariaDB takes a safety dump first and loads it back on failure;
 * Redis checks the RDB file before swapping it in on a restart. Recorded as an event.
 */
export async function restoreAddon(actor: Actor, name: string, id: string, backupId: string): Promise<AddonBackupDto> {
  const addon = await findAddonForActor(actor, name, id, 'write');
  const backup = await findBackup(addon, backupId);
  if (addon.status !== 'AVAILABLE' || !addon.host) throw conflict(`The add-on is ${addon.status.toLowerCase()}: restore needs it running`);
  const running: Running = { ...addon, host: addon.host };
  const started = Date.now();
  await restoreBackupFile(running, backup.path);
  await recordEvent({
    kind: 'addon.restore',
    message: `Restored ${addon.type.toLowerCase()} of ${addon.app.name} from the backup of ${backup.createdAt.toISOString()}`,
    appId: addon.appId,
    appName: addon.app.name,
    actor,
    data: { addonId: addon.id, backupId: backup.id, ms: Date.now() - started },
  });
  return backupDto(backup);
}

/**
 * Loads a dump into the add-on's server. `fresh`: a new add-on with nothing to protect yet (it
 * is being provisioned from a backup), so MariaDB skips its safety dump.
 */
export async function restoreBackupFile(addon: Running, file: string, opts: { fresh?: boolean } = {}): Promise<void> {
  const c = openCredentials(addon.credentials);
  const docker = streamDocker(addon.host);
  const fail = (what: string, r: { exitCode: number; stderr: string }) =>
    new AppError('CONFLICT', `Restore failed, the current data is unchanged: ${what} exited with ${r.exitCode}: ${r.stderr.trim().slice(0, 300)}`);
  switch (apiType(addon.type)) {
    case 'postgres': {
      await copyFileIntoContainer(docker, addon.containerName, { file, dir: '/tmp', name: 'berth-restore.pgdump', timeoutMs: BACKUP_TIMEOUT_MS });
      const r = await execInAddon(
        addon,
        ['pg_restore', '--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '-U', c.user, '-d', c.database, '/tmp/berth-restore.pgdump'],
        { timeoutMs: BACKUP_TIMEOUT_MS },
      );
      await execInAddon(addon, ['rm', '-f', '/tmp/berth-restore.pgdump'], { timeoutMs: 30_000 });
      if (r.exitCode !== 0) throw fail('pg_restore', r);
      return;
    }
    case 'mysql': {
      const safety = opts.fresh ? null : await backupAddon(addon, 'MANUAL');
      if (safety && (safety.status !== 'SUCCEEDED' || !safety.path)) throw conflict(`Restore not started: the safety dump failed (${safety.error ?? 'unknown'})`);
      const load = async (path: string) => {
        await copyFileIntoContainer(docker, addon.containerName, { file: path, dir: '/tmp', name: 'berth-restore.sql', timeoutMs: BACKUP_TIMEOUT_MS });
        const r = await execInAddon(addon, ['mariadb', '-u', c.user, `--database=${c.database}`, '--execute=source /tmp/berth-restore.sql'], {
          timeoutMs: BACKUP_TIMEOUT_MS,
          env: [`MYSQL_PWD=${c.password}`],
        });
        await execInAddon(addon, ['rm', '-f', '/tmp/berth-restore.sql'], { timeoutMs: 30_000 });
        return r;
      };
      const r = await load(file);
      if (r.exitCode !== 0) {
        if (safety?.path) await load(safety.path);
        throw fail('mariadb', r);
      }
      return;
    }
    case 'redis': {
      await copyFileIntoContainer(docker, addon.containerName, { file, dir: '/data', name: 'restore.rdb', timeoutMs: BACKUP_TIMEOUT_MS });
      const check = await execInAddon(addon, ['redis-check-rdb', '/data/restore.rdb'], { timeoutMs: BACKUP_TIMEOUT_MS });
      if (check.exitCode !== 0) {
        await execInAddon(addon, ['rm', '-f', '/data/restore.rdb'], { timeoutMs: 30_000 });
        throw fail('redis-check-rdb', { exitCode: check.exitCode, stderr: check.stderr || check.stdout });
      }
      // The entrypoint swaps restore.rdb in on start (lib/addons/images/redis/berth-addon).
      const control = dockerForHost(addon.host, 120_000);
      await stopContainer(control, addon.containerName, 30);
      await ensureHostFirewall(addon.host); // as every start on an app network: fail closed
      await startContainer(control, addon.containerName);
      await waitAddonReady(addon);
      return;
    }
  }
}
