import { execFile } from 'node:child_process';
import { config } from '../config';
import { AppError } from '../errors';
import { resolvePublic } from './remote-address';

const FETCH_TIMEOUT_MS = 120_000;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

/**
 * Remote URLs are fetched by Berth, from Berth's machine: only https:// to public addresses,
 * unless the admin allows insecure remotes (BERTH_ALLOW_INSECURE_REMOTES=true, also what the
 * tests use), which adds http://, file:// and private, loopback and link-local addresses.
 */
export type RemoteOptions = { allowInsecure?: boolean };

const insecureAllowed = (options: RemoteOptions) => options.allowInsecure ?? config().BERTH_ALLOW_INSECURE_REMOTES === 'true';

/** Syntax only (scheme, credentials, leading "-"): null when fine, else the reason. */
export function remoteUrlProblem(url: string, options: RemoteOptions = {}): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Remote URL must be a URL such as https://github.com/acme/shop.git';
  }
  const allowed = insecureAllowed(options) ? ['https:', 'http:', 'file:'] : ['https:'];
  if (!allowed.includes(parsed.protocol)) return 'Remote URL must use https://';
  if (parsed.username || parsed.password) return 'Remote URL must not contain credentials';
  if (url.startsWith('-')) return 'Remote URL must not start with "-"';
  return null;
}

/**
 * The syntax check plus where the URL leads: every address its host resolves to must be public
 * (not private, loopback, link-local or this machine). Returns the `host:port:addresses` pin
 * git is then held to, so a second DNS answer cannot point it elsewhere (rebinding).
 */
export async function checkRemoteUrl(url: string, options: RemoteOptions = {}): Promise<{ pin: string | null }> {
  const problem = remoteUrlProblem(url, options);
  if (problem) throw new AppError('BAD_REQUEST', problem, { remoteUrl: problem });
  const parsed = new URL(url);
  if (parsed.protocol === 'file:') return { pin: null };
  const { addresses, refused } = await resolvePublic(parsed.hostname);
  if (refused && !insecureAllowed(options)) {
    const message = `Remote URL refused: ${refused}`;
    throw new AppError('BAD_REQUEST', message, { remoteUrl: message });
  }
  if (addresses.length === 0) return { pin: null };
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return { pin: `${host}:${port}:${addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(',')}` };
}

/**
 * Fetches `branch` from `remoteUrl` into the bare repository (forced: the remote is the source of
 * truth for webhook apps), checks that `commitSha` arrived and returns the branch's new head.
 * argv array, `--` before the user values, a timeout, no prompts, only the allowed protocols, no
 * redirects, the resolved addresses pinned, objects fsck-checked. git's own error output is
 * logged, never returned: it would tell the caller what answers at an address.
 */
export async function fetchFromRemote(
  opts: { gitdir: string; remoteUrl: string; branch: string; commitSha: string } & RemoteOptions,
): Promise<{ head: string }> {
  if (!BRANCH.test(opts.branch) || opts.branch.includes('..')) throw new AppError('BAD_REQUEST', 'Invalid branch name');
  if (!/^[0-9a-f]{40}$/.test(opts.commitSha)) throw new AppError('BAD_REQUEST', 'Invalid commit id');
  const { pin } = await checkRemoteUrl(opts.remoteUrl, opts);
  const protocols = ['-c', 'protocol.allow=never', '-c', 'protocol.https.allow=always'];
  if (insecureAllowed(opts)) protocols.push('-c', 'protocol.http.allow=always', '-c', 'protocol.file.allow=always');
  const safety = ['-c', 'http.followRedirects=false', '-c', 'fetch.fsckObjects=true', ...(pin ? ['-c', `http.curloptResolve=${pin}`] : [])];
  await git(
    [...protocols, ...safety, '--git-dir', opts.gitdir, 'fetch', '--no-tags', '--quiet', '--', opts.remoteUrl, `+refs/heads/${opts.branch}:refs/heads/${opts.branch}`],
    'Could not fetch from the remote: check the URL and that Berth may read the repository',
  );
  await git(['--git-dir', opts.gitdir, 'cat-file', '-e', `${opts.commitSha}^{commit}`], '').catch(() => {
    throw new AppError('BAD_REQUEST', `Commit ${opts.commitSha.slice(0, 7)} is not on ${opts.branch} of the remote`);
  });
  const head = (await git(['--git-dir', opts.gitdir, 'rev-parse', '--verify', `refs/heads/${opts.branch}^{commit}`], 'Could not read the fetched branch')).trim();
  return { head };
}

function git(args: string[], failure: string): Promise<string> {
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
        if (error) {
          const detail = String(stderr).trim().slice(0, 500) || error.message;
          if (failure) console.error(`[git] ${args.includes('fetch') ? 'fetch' : args[args.length - 1]} failed: ${detail}`);
          reject(new AppError('UNAVAILABLE', failure || 'git failed'));
        } else resolve(String(stdout));
      },
    );
  });
}
