import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Server-side hooks of every Berth repository. Both are fixed Node scripts (no user value is
 * ever interpolated into them); everything variable reaches them through the environment that
 * serveGitHttp gives `git http-backend`:
 *   BERTH_DEFAULT_BRANCH  the app's deployed branch
 *   BERTH_HOOK_URL        Berth's internal push endpoint
 *   BERTH_HOOK_SECRET     per-process secret authenticating the hook (not a user token)
 *   BERTH_APP             the app name (validated)
 *   BERTH_PUSH_ID         names this push, so Berth can fail the push when the deploy fails
 */
const PRE_RECEIVE = String.raw`
// Berth pre-receive: refuse deleting the default branch and refs with a component starting with "-",
// and a push that would make the repository larger than BERTH_REPO_MAX_BYTES on disk.
const ZERO = /^0+$/;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const limit = Number(process.env.BERTH_REPO_MAX_BYTES || 0);
  if (limit > 0) {
    // The pushed objects wait in a quarantine directory inside the repository: count them too.
    const fs = await import('node:fs');
    const path = await import('node:path');
    let total = 0;
    const stack = [process.cwd()];
    while (stack.length) {
      const dir = stack.pop();
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (entry.isFile()) total += fs.lstatSync(full).size;
      }
    }
    if (total > limit) {
      const mb = (n) => Math.ceil(n / 1048576);
      console.error('Berth: refusing the push: the repository would use ' + mb(total) + ' MB, more than its limit of ' + mb(limit) + ' MB');
      process.exit(1);
    }
  }
  const branch = 'refs/heads/' + (process.env.BERTH_DEFAULT_BRANCH || 'main');
  for (const line of input.split('\n')) {
    const [oldSha, newSha, ref] = line.trim().split(' ');
    if (!ref) continue;
    if (ref.split('/').some((part) => part.startsWith('-'))) {
      console.error('Berth: refusing ref ' + JSON.stringify(ref) + ': ref names must not start with "-"');
      process.exit(1);
    }
    if (ZERO.test(newSha) && ref === branch) {
      console.error('Berth: refusing to delete the default branch ' + branch.slice(11) + ' (it is what Berth deploys)');
      process.exit(1);
    }
    void oldSha;
  }
});
`;

const POST_RECEIVE = String.raw`
// Berth post-receive: hand the updated refs to Berth and print its progress (git shows it as remote: lines).
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const updates = input.split('\n').map((l) => l.trim().split(' ')).filter((p) => p.length === 3)
    .map(([oldSha, newSha, ref]) => ({ oldSha, newSha, ref }));
  const url = process.env.BERTH_HOOK_URL;
  if (!url || updates.length === 0) return;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-berth-hook-secret': process.env.BERTH_HOOK_SECRET || '' },
      body: JSON.stringify({ app: process.env.BERTH_APP, updates, pushId: process.env.BERTH_PUSH_ID || undefined }),
      signal: AbortSignal.timeout(14 * 60 * 1000),
    });
    if (!res.body) { console.log('Berth: push recorded (HTTP ' + res.status + ')'); return; }
    const decoder = new TextDecoder();
    for await (const chunk of res.body) process.stdout.write(decoder.decode(chunk, { stream: true }));
  } catch (error) {
    console.log('Berth: could not report the push: ' + (error && error.message ? error.message : error));
    process.exitCode = 1;
  }
});
`;

/** Writes (or rewrites) the hooks of the bare repository at `gitdir`. Idempotent. */
export async function installHooks(gitdir: string): Promise<void> {
  await writeHooks(path.join(gitdir, 'hooks'));
}

let shared: { dir: string; ready: Promise<void> } | null = null;

/**
 * The hooks directory `git http-backend` runs (core.hooksPath): one copy under the data
 * directory, outside every repository, rewritten once per process. A repository's own hooks/
 * directory is never executed by a served push, whatever ends up in it.
 */
export async function sharedHooksDir(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, 'git-hooks');
  if (!shared || shared.dir !== dir) shared = { dir, ready: writeHooks(dir) };
  try {
    await shared.ready;
  } catch (error) {
    shared = null;
    throw error;
  }
  return dir;
}

async function writeHooks(hooks: string): Promise<void> {
  await mkdir(hooks, { recursive: true });
  const shebang = `#!${process.execPath}\n`;
  for (const [name, body] of [
    ['pre-receive', PRE_RECEIVE],
    ['post-receive', POST_RECEIVE],
  ] as const) {
    // Written aside and renamed: a push running the hook meanwhile never sees half a file.
    const file = path.join(hooks, name);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, shebang + body);
    await chmod(tmp, 0o755);
    await rename(tmp, file);
  }
}
