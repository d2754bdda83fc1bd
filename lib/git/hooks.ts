import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Server-side hooks of every Berth repository. Both are fixed scripts, pre-receive in sh and
 * post-receive in Node (no user value is ever interpolated into them); everything variable reaches them through the environment that
 * serveGitHttp gives `git http-backend`:
 *   BERTH_DEFAULT_BRANCH  the app's deployed branch
 *   BERTH_HOOK_URL        Berth's internal push endpoint
 *   BERTH_HOOK_SECRET     per-process secret authenticating the hook (not a user token)
 *   BERTH_APP             the app name (validated)
 *   BERTH_PUSH_ID         names this push, so Berth can fail the push when the deploy fails
 */
/**
 * POSIX sh, not Node: it runs on every push before the refs move, and a shell starts in ~1 ms
 * where Node takes ~0.1 s. Only environment values and git's stdin reach it; nothing is eval'd
 * (`old` is read only to skip it).
 * The size counts regular files (links not followed), quarantined incoming objects included.
 */
const PRE_RECEIVE = [
  "#!/bin/sh",
  "limit=\"${BERTH_REPO_MAX_BYTES:-0}\"",
  "case \"$limit\" in *[!0-9]*|'') limit=0 ;; esac",
  "if [ \"$limit\" -gt 0 ]; then",
  "  total=$(find . -type f -printf '%s\\n' | awk '{ t += $1 } END { printf \"%.0f\", t }')",
  "  case \"$total\" in",
  "    ''|*[!0-9]*) echo \"Berth: refusing the push: could not measure the repository\" >&2; exit 1 ;;",
  "  esac",
  "  if [ \"$total\" -gt \"$limit\" ]; then",
  "    echo \"Berth: refusing the push: the repository would use $(( (total + 1048575) / 1048576 )) MB, more than its limit of $(( (limit + 1048575) / 1048576 )) MB\" >&2",
  "    exit 1",
  "  fi",
  "fi",
  "branch=\"refs/heads/${BERTH_DEFAULT_BRANCH:-main}\"",
  "while read -r old new ref || [ -n \"$ref\" ]; do",
  "  [ -n \"$ref\" ] || continue",
  "  case \"/$ref\" in",
  "    */-*) echo \"Berth: refusing ref \\\"$ref\\\": ref names must not start with \\\"-\\\"\" >&2; exit 1 ;;",
  "  esac",
  "  case \"$new\" in",
  "    *[!0]*) ;;",
  "    *)",
  "      if [ \"$ref\" = \"$branch\" ]; then",
  "        echo \"Berth: refusing to delete the default branch ${branch#refs/heads/} (it is what Berth deploys)\" >&2",
  "        exit 1",
  "      fi ;;",
  "  esac",
  "done",
  "exit 0",
].join('\n');

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
  for (const [name, body] of [
    ['pre-receive', PRE_RECEIVE],
    ['post-receive', `#!${process.execPath}\n${POST_RECEIVE}`],
  ] as const) {
    // Written aside and renamed: a push running the hook meanwhile never sees half a file.
    const file = path.join(hooks, name);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, body);
    await chmod(tmp, 0o755);
    await rename(tmp, file);
  }
}
