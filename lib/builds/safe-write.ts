import { constants } from 'node:fs';
import fsp from 'node:fs/promises';

/**
 * Creates `file` and writes `data` without ever following a link: O_EXCL fails if anything
 * (a file, a symlink, a dangling symlink) already has that name, O_NOFOLLOW refuses a final
 * symlink even where O_EXCL is not honoured. Build directories hold user-controlled trees, so a
 * plain writeFile there could write through a planted link to any path on the machine.
 */
export async function createFileNoFollow(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const handle = await fsp.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

/**
 * Replaces whatever `file` is (regular file, symlink — the link itself, not its target — or a
 * directory tree) with a new regular file holding `data`.
 */
export async function replaceFileNoFollow(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await fsp.rm(file, { recursive: true, force: true });
  await createFileNoFollow(file, data, mode);
}
