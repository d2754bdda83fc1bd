import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { db, type Addon, type AddonBackup, type Host } from '../db';
import { describeError, conflict } from '../errors';
import { execInAddon } from './addon-container';
import { backupFile } from './backup-paths';
import { ADDON_KINDS } from './catalogue';
import { openCredentials } from './credentials';
import { apiType } from './env-keys';

export const BACKUP_TIMEOUT_MS = 30 * 60_000;

/** argv (and env) writing a logical dump of the add-on to stdout, per type. */
function dumpCommands(addon: Addon): Array<{ argv: string[]; env: string[]; toFile?: boolean }> {
  const c = openCredentials(addon.credentials);
  switch (apiType(addon.type)) {
    case 'postgres':
      return [{ argv: ['pg_dump', '--format=custom', '--no-owner', '-U', c.user, '-d', c.database], env: [], toFile: true }];
    case 'mysql':
      return [
        {
          argv: ['mariadb-dump', '--single-transaction', '--routines', '--triggers', '--add-drop-table', '-u', c.user, '--', c.database],
          env: [`MYSQL_PWD=${c.password}`],
          toFile: true,
        },
      ];
    case 'redis':
      return [
        { argv: ['redis-cli', '--rdb', '/tmp/berth-backup.rdb'], env: [`REDISCLI_AUTH=${c.password}`] },
        { argv: ['cat', '/tmp/berth-backup.rdb'], env: [], toFile: true },
        { argv: ['rm', '-f', '/tmp/berth-backup.rdb'], env: [] },
      ];
  }
}

/**
 * Takes a logical dump of a running add-on into a file under the data directory (written to a
 * `.partial` name, renamed when complete), recording size and sha256. The AddonBackup row says
 * RUNNING → SUCCEEDED | FAILED; a failed dump leaves no file behind.
 */
export async function backupAddon(
  addon: Addon & { host: Host | null },
  kind: AddonBackup['kind'],
  opts: { at?: Date } = {},
): Promise<AddonBackup> {
  if (!addon.host || addon.status !== 'AVAILABLE') throw conflict(`The add-on is ${addon.status.toLowerCase()}: only a running add-on can be backed up`);
  const host = addon.host;
  // `at`: the scheduler's clock, so "is one due?" and "which 7 are newest" use one time line.
  const backup = await db.addonBackup.create({ data: { addonId: addon.id, kind, ...(opts.at ? { createdAt: opts.at } : {}) } });
  const file = backupFile({ appId: addon.appId, addonId: addon.id, backupId: backup.id }, ADDON_KINDS[apiType(addon.type)].backupExt);
  const partial = `${file}.partial`;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    for (const step of dumpCommands(addon)) {
      if (step.toFile) {
        const out = createWriteStream(partial, { mode: 0o600 });
        const hashing = new Transform({ transform: (chunk: Buffer, _enc, done) => (hash.update(chunk), done(null, chunk)) });
        hashing.pipe(out);
        const r = await execInAddon({ ...addon, host }, step.argv, { timeoutMs: BACKUP_TIMEOUT_MS, env: step.env, stdout: hashing });
        await new Promise<void>((resolve) => (out.writableFinished ? resolve() : out.on('finish', () => resolve())));
        if (r.exitCode !== 0) throw new Error(`${step.argv[0]} exited with ${r.exitCode}: ${r.stderr.trim().slice(0, 300)}`);
      } else {
        const r = await execInAddon({ ...addon, host }, step.argv, { timeoutMs: BACKUP_TIMEOUT_MS, env: step.env });
        if (r.exitCode !== 0) throw new Error(`${step.argv[0]} exited with ${r.exitCode}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
      }
    }
    const { size } = await stat(partial);
    if (size === 0) throw new Error('the dump is empty');
    await rename(partial, file);
    return db.addonBackup.update({
      where: { id: backup.id },
      data: { status: 'SUCCEEDED', path: file, sizeBytes: BigInt(size), sha256: hash.digest('hex'), finishedAt: new Date() },
    });
  } catch (error) {
    await rm(partial, { force: true });
    return db.addonBackup.update({
      where: { id: backup.id },
      data: { status: 'FAILED', error: describeError(error).slice(0, 500), finishedAt: new Date() },
    });
  }
}
