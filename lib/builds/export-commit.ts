import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';

/**
 * Writes the tree of `commitSha` from a bare repository into `dest` (which must exist and be
 * empty). Entry names come from a user-controlled repository: anything that could escape `dest`
 * ("..", "/", ".git") is refused, and symlinks are written as links, never followed.
 * Returns the list of regular files written (POSIX paths relative to dest).
 */
export async function exportCommit(options: { gitdir: string; commitSha: string; dest: string }): Promise<string[]> {
  const { gitdir, dest } = options;
  const oid = await git.resolveRef({ fs, gitdir, ref: options.commitSha }).catch(() => options.commitSha);
  const { commit } = await git.readCommit({ fs, gitdir, oid });
  const files: string[] = [];
  await writeTree(gitdir, commit.tree, dest, '', files);
  return files;
}

async function writeTree(gitdir: string, treeOid: string, dest: string, rel: string, files: string[]): Promise<void> {
  const { tree } = await git.readTree({ fs, gitdir, oid: treeOid });
  for (const entry of tree) {
    if (!isSafeName(entry.path)) throw new Error(`refusing unsafe path in commit: ${JSON.stringify(rel + entry.path)}`);
    const relPath = rel ? `${rel}/${entry.path}` : entry.path;
    const target = path.join(dest, relPath);
    if (entry.type === 'tree') {
      await fsp.mkdir(target);
      await writeTree(gitdir, entry.oid, dest, relPath, files);
    } else if (entry.type === 'blob') {
      const { blob } = await git.readBlob({ fs, gitdir, oid: entry.oid });
      if (entry.mode === '120000') {
        await fsp.symlink(Buffer.from(blob).toString('utf8'), target);
      } else {
        await fsp.writeFile(target, blob, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
        files.push(relPath);
      }
    }
    // 'commit' entries are submodules: not part of this repository's content.
  }
}

function isSafeName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0') && name.toLowerCase() !== '.git';
}
