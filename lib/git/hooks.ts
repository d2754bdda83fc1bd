import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Server-side hooks of every Berth repository. Both are fixed Node scripts (no user value is
 * ever interpolated into them); everything variable reaches them through the environment that
 * serveGitHttp gives `git http-backend`:
 *   BERTH_DEFAULT_BRANCH  the app's deployed branch
 *   BERTH_HOOK_URL        Berth's internal push endpoint
 *   BERTH_HOOK_SECRET     per-process secret authenticating the hook (not a user token)
 *   BERTH_APP             the app name (validated)
 */
const PRE_RECEIVE = String.raw`
// Berth pre-receive: refuse deleting the default branch and refs with a component starting with "-".
const ZERO = /^0+$/;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
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
      body: JSON.stringify({ app: process.env.BERTH_APP, updates }),
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
  const hooks = path.join(gitdir, 'hooks');
  await mkdir(hooks, { recursive: true });
  const shebang = `#!${process.execPath}\n`;
  for (const [name, body] of [
    ['pre-receive', PRE_RECEIVE],
    ['post-receive', POST_RECEIVE],
  ] as const) {
    const file = path.join(hooks, name);
    await writeFile(file, shebang + body);
    await chmod(file, 0o755);
  }
}
