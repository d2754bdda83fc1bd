import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Server-side hooks of every Berth repository. Both are fixed sh scripts (no user value is ever
 * interpolated into them); everything variable reaches them through the environment that
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

/**
 * sh + curl too: this hook runs between the refs update and the build being queued, on every
 * push's critical path, and curl starts in a few ms where Node takes ~0.1 s. git's input lines
 * ("<old> <new> <ref>") are the request body as they are (lib/git/read-push-report.ts parses
 * them); the app and push id go as headers (a validated name, an id Berth made). The hook secret
 * is read by curl from a config on fd 3 (a here-document), never put in argv where `ps` shows
 * it. `-q` first: no ~/.curlrc. `-N`: the answer is copied as it streams (git shows it as
 * `remote:` lines); any HTTP status is printed as is, like git shows a hook's output.
 */
const POST_RECEIVE = [
  '#!/bin/sh',
  '[ -n "$BERTH_HOOK_URL" ] || exit 0',
  'curl -q -sS -N --connect-timeout 10 --max-time 840 -K /dev/fd/3 \\',
  '  -H "content-type: text/plain; charset=utf-8" -H "x-berth-app: $BERTH_APP" -H "x-berth-push-id: $BERTH_PUSH_ID" \\',
  '  --data-binary @- -- "$BERTH_HOOK_URL" 3<<EOF || { echo "Berth: could not report the push (curl exit $?)"; exit 1; }',
  'header = "x-berth-hook-secret: $BERTH_HOOK_SECRET"',
  'EOF',
].join('\n');

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
    ['post-receive', POST_RECEIVE],
  ] as const) {
    // Written aside and renamed: a push running the hook meanwhile never sees half a file.
    const file = path.join(hooks, name);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, body);
    await chmod(tmp, 0o755);
    await rename(tmp, file);
  }
}
