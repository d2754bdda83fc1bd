import fs from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type IsoGit from 'isomorphic-git';
import { installHooks } from './hooks';

/** isomorphic-git is loaded on first use, not at process start: idle processes never carry it. */
const loadGit = (): Promise<typeof IsoGit> => import('isomorphic-git').then((m) => m.default);

export type StarterFile = { path: string; content: string | Uint8Array; executable?: boolean };

export type InitRepoOptions = {
  gitdir: string;
  defaultBranch: string;
  files: StarterFile[];
  message: string;
  author: { name: string; email: string };
  /** Commit time in seconds; now when left out. A fixed time makes the commit SHA reproducible. */
  timestamp?: number;
};

type TreeNode = { files: Map<string, StarterFile>; dirs: Map<string, TreeNode> };

/**
 * Creates a bare repository at `gitdir` whose first commit on `defaultBranch` holds `files`,
 * written straight into the object store (no working tree). Fails if `gitdir` already exists:
 * the caller owns cleanup and must never clobber another app's repository.
 */
export async function initRepo(options: InitRepoOptions): Promise<{ commitSha: string }> {
  const git = await loadGit();
  const { gitdir, defaultBranch } = options;
  await mkdir(path.dirname(gitdir), { recursive: true });
  await mkdir(gitdir); // throws EEXIST rather than reusing a directory
  try {
    await git.init({ fs, gitdir, bare: true, defaultBranch });
    // http-backend refuses pushes to bare repos without this unless the config allows it.
    await git.setConfig({ fs, gitdir, path: 'http.receivepack', value: 'true' });
    await git.setConfig({ fs, gitdir, path: 'receive.denyDeleteCurrent', value: 'true' });
    // Served pushes get this from serveGitHttp too; set here for any other way in.
    await git.setConfig({ fs, gitdir, path: 'receive.fsckObjects', value: 'true' });
    const tree = await writeTreeOf(gitdir, buildTree(options.files));
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const who = { ...options.author, timestamp, timezoneOffset: 0 };
    const commitSha = await git.writeCommit({
      fs,
      gitdir,
      commit: { message: options.message, tree, parent: [], author: who, committer: who },
    });
    await git.writeRef({ fs, gitdir, ref: `refs/heads/${defaultBranch}`, value: commitSha, force: true });
    await installHooks(gitdir);
    return { commitSha };
  } catch (error) {
    await rm(gitdir, { recursive: true, force: true });
    throw error;
  }
}

function buildTree(files: StarterFile[]): TreeNode {
  const root: TreeNode = { files: new Map(), dirs: new Map() };
  for (const file of files) {
    const parts = file.path.split('/').filter(Boolean);
    if (parts.length === 0 || parts.some((p) => p === '.' || p === '..' || p === '.git')) {
      throw new Error(`Invalid starter file path ${JSON.stringify(file.path)}`);
    }
    let node = root;
    for (const dir of parts.slice(0, -1)) {
      let next = node.dirs.get(dir);
      if (!next) node.dirs.set(dir, (next = { files: new Map(), dirs: new Map() }));
      node = next;
    }
    node.files.set(parts[parts.length - 1], file);
  }
  return root;
}

async function writeTreeOf(gitdir: string, node: TreeNode): Promise<string> {
  const git = await loadGit();
  const entries: { mode: string; path: string; oid: string; type: 'blob' | 'tree' }[] = [];
  for (const [name, file] of node.files) {
    const blob = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    const oid = await git.writeBlob({ fs, gitdir, blob });
    entries.push({ mode: file.executable ? '100755' : '100644', path: name, oid, type: 'blob' });
  }
  for (const [name, child] of node.dirs) {
    entries.push({ mode: '040000', path: name, oid: await writeTreeOf(gitdir, child), type: 'tree' });
  }
  return git.writeTree({ fs, gitdir, tree: entries });
}
