import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type IsoGit from 'isomorphic-git';
import { createFileNoFollow } from './safe-write';

/** isomorphic-git is loaded on first use, not at process start: idle processes never carry it. */
const loadGit = (): Promise<typeof IsoGit> => import('isomorphic-git').then((m) => m.default);

export type ExportLimits = {
  /** Total bytes of all blobs in the tree (uncompressed). */
  maxBytes: number;
  /** Number of tree entries (files, links, directories). */
  maxEntries: number;
};

const DEFAULT_LIMITS: ExportLimits = { maxBytes: 1024 * 1024 * 1024, maxEntries: 100_000 };
const LS_TREE_TIMEOUT_MS = 60_000;

/** Modes a tree entry may have; anything else (odd or zero-padded modes) is refused. */
const FILE_MODES = new Set(['100644', '100755']);
const LINK_MODE = '120000';
const TREE_MODE = '040000';
const GITLINK_MODE = '160000';

/**
 * Writes the tree of `commitSha` from a bare repository into `dest` (which must exist and be
 * empty). Entry names come from a user-controlled repository, and a tree object can be written
 * by hand (`git hash-object -t tree --literally`), so nothing about it is trusted:
 *   - names that could escape `dest` ("", ".", "..", "/", NUL, ".git") are refused;
 *   - two entries with the same name in one tree are refused (a symlink followed by a file of
 *     the same name would otherwise be written THROUGH the link, anywhere on the machine);
 *   - modes other than file, executable, symlink, directory and submodule are refused;
 *   - files are created with O_EXCL | O_NOFOLLOW and directories with mkdir (never reusing an
 *     existing name), so no write ever follows a link; symlinks are written as links;
 *   - the total size and number of entries are checked (git ls-tree) before anything is
 *     inflated, so a small pack of highly compressible blobs cannot fill the disk or memory.
 * Returns the list of regular files written (POSIX paths relative to dest).
 */
export async function exportCommit(options: {
  gitdir: string;
  commitSha: string;
  dest: string;
  limits?: Partial<ExportLimits>;
}): Promise<string[]> {
  const git = await loadGit();
  const { gitdir, dest } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const oid = await git.resolveRef({ fs, gitdir, ref: options.commitSha }).catch(() => options.commitSha);
  if (!/^[0-9a-f]{40}$/.test(oid)) throw new Error(`not a commit id: ${JSON.stringify(oid)}`);
  const { commit } = await git.readCommit({ fs, gitdir, oid });
  await checkTreeSize(gitdir, commit.tree, limits);
  const files: string[] = [];
  await writeTree(gitdir, commit.tree, dest, '', files);
  return files;
}

async function writeTree(gitdir: string, treeOid: string, dest: string, rel: string, files: string[]): Promise<void> {
  const git = await loadGit();
  const { tree } = await git.readTree({ fs, gitdir, oid: treeOid });
  const seen = new Set<string>();
  for (const entry of tree) {
    const shown = JSON.stringify(rel ? `${rel}/${entry.path}` : entry.path);
    if (!isSafeName(entry.path)) throw new Error(`refusing unsafe path in commit: ${shown}`);
    if (seen.has(entry.path)) throw new Error(`refusing duplicate entry in commit: ${shown}`);
    seen.add(entry.path);
    const relPath = rel ? `${rel}/${entry.path}` : entry.path;
    const target = path.join(dest, relPath);
    if (entry.type === 'tree' && entry.mode === TREE_MODE) {
      await fsp.mkdir(target); // EEXIST if anything has the name: never reuses a link
      await writeTree(gitdir, entry.oid, dest, relPath, files);
    } else if (entry.type === 'blob' && entry.mode === LINK_MODE) {
      const { blob } = await git.readBlob({ fs, gitdir, oid: entry.oid });
      const linkTarget = Buffer.from(blob).toString('utf8');
      if (linkTarget.includes('\0') || linkTarget.length === 0 || blob.length > 4096)
        throw new Error(`refusing invalid symlink in commit: ${shown}`);
      await fsp.symlink(linkTarget, target); // EEXIST if the name exists; the link is never followed here
    } else if (entry.type === 'blob' && FILE_MODES.has(entry.mode)) {
      const { blob } = await git.readBlob({ fs, gitdir, oid: entry.oid });
      await createFileNoFollow(target, blob, entry.mode === '100755' ? 0o755 : 0o644);
      files.push(relPath);
    } else if (entry.type === 'commit' && entry.mode === GITLINK_MODE) {
      // A submodule: not part of this repository's content.
    } else {
      throw new Error(`refusing special entry (mode ${entry.mode}) in commit: ${shown}`);
    }
  }
}

function isSafeName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0') && name.toLowerCase() !== '.git';
}

/** `git ls-tree -r -l` over the whole tree: refuses before export when it is too big. */
async function checkTreeSize(gitdir: string, treeOid: string, limits: ExportLimits): Promise<void> {
  const output = await new Promise<Buffer>((resolve, reject) => {
    execFile(
      'git',
      ['--git-dir', gitdir, 'ls-tree', '-r', '-t', '-l', '-z', '--full-tree', treeOid],
      {
        encoding: 'buffer',
        timeout: LS_TREE_TIMEOUT_MS,
        // ~200 bytes per entry is generous (mode, type, oid, size, path).
        maxBuffer: Math.max(1024 * 1024, limits.maxEntries * 300),
        env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', HOME: path.dirname(gitdir) } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout) => {
        if (error && /maxBuffer/i.test(error.message)) reject(new Error(`the commit has more than ${limits.maxEntries} files`));
        else if (error) reject(new Error(`git ls-tree failed: ${error.message.split('\n')[0]}`));
        else resolve(stdout);
      },
    );
  });
  let entries = 0;
  let bytes = 0;
  for (const record of output.toString('utf8').split('\0')) {
    if (!record) continue;
    entries += 1;
    // "<mode> SP <type> SP <oid> SP+ <size|-> TAB <path>"
    const size = /^\S+ \S+ \S+ +(\d+|-)\t/.exec(record)?.[1];
    if (size && size !== '-') bytes += Number(size);
  }
  if (entries > limits.maxEntries) throw new Error(`the commit has ${entries} entries, more than ${limits.maxEntries}`);
  if (bytes > limits.maxBytes)
    throw new Error(`the commit's files add up to ${mb(bytes)} MB, more than ${mb(limits.maxBytes)} MB (BERTH_BUILD_MAX_SOURCE_MB)`);
}

const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
