import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes files the edge nginx reads (certificates, keys, ACME challenge answers) without ever
 * following a symlink: the content goes to a fresh temp file opened O_CREAT|O_EXCL|O_NOFOLLOW in
 * the target directory, then rename() replaces the directory entry itself. The directory must be
 * a real directory (not a symlink) — checked with lstat after mkdir.
 */
export async function ensureRealDir(dir: string, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  const stat = await lstat(dir);
  if (!stat.isDirectory() || stat.isSymbolicLink()) throw new Error(`${dir} must be a directory, not a link`);
}

/** Writes `content` to `dir/name` with `mode` (0600 for keys) atomically; `name` is a plain file name. */
export async function writeFileNoFollow(dir: string, name: string, content: string, mode: number): Promise<void> {
  if (name !== path.basename(name) || name.startsWith('.')) throw new Error(`unsafe file name ${JSON.stringify(name)}`);
  const tmp = path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode); // the umask may have narrowed or widened nothing: be exact
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(tmp, path.join(dir, name));
}

/** True when `dir/name` is a regular file (a symlink there is not). */
export async function isRegularFile(dir: string, name: string): Promise<boolean> {
  const stat = await lstat(path.join(dir, name)).catch(() => null);
  return stat !== null && stat.isFile();
}

/**
 * Removes plain files in `dir` not in `keep` and older than `minAgeMs` (stale certificates, temp
 * files). The age guard keeps files another process (web and worker both sync the proxy) has
 * just written for a config it is about to load.
 */
export async function pruneDir(dir: string, keep: Set<string>, minAgeMs = 10 * 60_000): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (keep.has(entry.name) || !(entry.isFile() || entry.isSymbolicLink())) continue;
    const file = path.join(dir, entry.name);
    const stat = await lstat(file).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs >= minAgeMs) await rm(file, { force: true });
  }
}
