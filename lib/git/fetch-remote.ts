import { execFile } from 'node:child_process';
import { config } from '../config';
import { AppError } from '../errors';

const FETCH_TIMEOUT_MS = 120_000;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

/** Remote URLs Berth will fetch from: https only (http/file when insecure remotes are allowed). */
export function remoteUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Remote URL must be a URL such as https://github.com/acme/shop.git';
  }
  const insecureOk = config().BERTH_ALLOW_INSECURE_REMOTES === 'true';
  const allowed = insecureOk ? ['https:', 'http:', 'file:'] : ['https:'];
  if (!allowed.includes(parsed.protocol)) return 'Remote URL must use https://';
  if (parsed.username || parsed.password) return 'Remote URL must not contain credentials';
  if (url.startsWith('-')) return 'Remote URL must not start with "-"';
  return null;
}

/**
 * Fetches `branch` from `remoteUrl` into the bare repository (forced: the remote is the source of
 * truth for webhook apps) and checks that `commitSha` arrived. argv array, `--` before the user
 * values, a timeout, no prompts, and only the allowed protocols.
 */
export async function fetchFromRemote(opts: { gitdir: string; remoteUrl: string; branch: string; commitSha: string }) {
  const problem = remoteUrlProblem(opts.remoteUrl);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  if (!BRANCH.test(opts.branch) || opts.branch.includes('..')) throw new AppError('BAD_REQUEST', 'Invalid branch name');
  if (!/^[0-9a-f]{40}$/.test(opts.commitSha)) throw new AppError('BAD_REQUEST', 'Invalid commit id');
  const insecureOk = config().BERTH_ALLOW_INSECURE_REMOTES === 'true';
  const protocols = ['-c', 'protocol.allow=never', '-c', 'protocol.https.allow=always'];
  if (insecureOk) protocols.push('-c', 'protocol.http.allow=always', '-c', 'protocol.file.allow=always');
  await git([
    ...protocols,
    '--git-dir',
    opts.gitdir,
    'fetch',
    '--no-tags',
    '--quiet',
    '--',
    opts.remoteUrl,
    `+refs/heads/${opts.branch}:refs/heads/${opts.branch}`,
  ]);
  await git(['--git-dir', opts.gitdir, 'cat-file', '-e', `${opts.commitSha}^{commit}`]).catch(() => {
    throw new AppError('BAD_REQUEST', `Commit ${opts.commitSha.slice(0, 7)} is not on ${opts.branch} of the remote`);
  });
}

function git(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        timeout: FETCH_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
        env: { PATH: process.env.PATH, HOME: config().paths.tmp, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        if (error) reject(new AppError('UNAVAILABLE', `git fetch failed: ${String(stderr).trim().slice(0, 500) || error.message}`));
        else resolve(String(stdout));
      },
    );
  });
}
