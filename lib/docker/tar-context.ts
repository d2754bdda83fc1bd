import fs from 'node:fs/promises';
import path from 'node:path';
import { pack, type Pack } from 'tar-stream';

/**
 * Packs a directory into a tar stream for `docker build` (the build context). Regular files keep
 * their executable bit, symlinks stay symlinks (never followed: a repo's link to /etc/shadow
 * must not pull the host file into an image). Other file types are skipped.
 */
export function packDirectory(root: string): NodeJS.ReadableStream {
  const tar = pack();
  void (async () => {
    try {
      await addEntries(tar, root, '');
      tar.finalize();
    } catch (error) {
      tar.destroy(error as Error);
    }
  })();
  return tar as unknown as NodeJS.ReadableStream;
}

async function addEntries(tar: Pack, root: string, rel: string): Promise<void> {
  const dir = path.join(root, rel);
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    const full = path.join(root, relPath);
    if (entry.isDirectory()) {
      await addEntry(tar, { name: `${relPath}/`, type: 'directory', mode: 0o755 });
      await addEntries(tar, root, relPath);
    } else if (entry.isSymbolicLink()) {
      await addEntry(tar, { name: relPath, type: 'symlink', linkname: await fs.readlink(full), mode: 0o777 });
    } else if (entry.isFile()) {
      const stat = await fs.stat(full);
      const data = await fs.readFile(full);
      await addEntry(tar, { name: relPath, type: 'file', mode: stat.mode & 0o111 ? 0o755 : 0o644 }, data);
    }
  }
}

function addEntry(
  tar: Pack,
  header: { name: string; type: 'file' | 'directory' | 'symlink'; mode: number; linkname?: string },
  data?: Buffer,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    // Fixed mtime: identical content gives an identical context, so Docker's COPY cache hits.
    const full = { ...header, mtime: new Date(0), uid: 0, gid: 0 };
    if (data) tar.entry({ ...full, size: data.length }, data, done);
    else tar.entry(full, done);
  });
}
