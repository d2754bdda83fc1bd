import { spawn } from 'node:child_process';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { findAppForActor } from '../auth/app-access';
import { actorFromToken, type Actor } from '../auth/actor';
import { config } from '../config';
import { db } from '../db';
import { isAppError } from '../errors';
import { cgiResponse } from './cgi';
import { parseGitPath } from './git-path';
import { hookSecret } from './hook-secret';
import { sharedHooksDir } from './hooks';
import { newPushId, takePushVerdict } from './push-verdict';
import { failPushAtEnd } from './sideband-verdict';

export type ServeGitOptions = {
  /** Where the post-receive hook reports pushes; defaults to <BERTH_PUBLIC_URL>/api/internal/push. */
  hookUrl?: string;
  /** Client address, for git's logs only. */
  remoteAddr?: string;
};

/** receive-pack waits for the build and deploy (the hook streams them), so it may take long. */
const RECEIVE_TIMEOUT_MS = 15 * 60 * 1000;
const UPLOAD_TIMEOUT_MS = 5 * 60 * 1000;

const MB = 1024 * 1024;
/** Protocol framing (ref commands, pkt-lines) on top of the pack itself. */
const BODY_SLACK = MB;

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body + '\n', { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

/**
 * Git smart HTTP for /git/<app>.git/… served by the real `git http-backend` (CGI), spawned with
 * an argv array, a minimal environment (no Berth secrets leak into git or its hooks, except the
 * hook secret) and a timeout. HTTP Basic auth: any username, a personal API token as password.
 * Clone needs read access, push write access; anything not allowed is a 404.
 */
export async function serveGitHttp(request: Request, options: ServeGitOptions = {}): Promise<Response> {
  const url = new URL(request.url);
  const parsed = parseGitPath(request.method, url.pathname, url.search);
  if (!parsed) return text(404, 'Not found');

  const actor = await basicAuthActor(request.headers.get('authorization'));
  if (!actor) {
    return text(401, 'Authentication required: use any user name and a Berth API token as the password', {
      'www-authenticate': 'Basic realm="Berth git", charset="UTF-8"',
    });
  }
  const access = parsed.service === 'git-receive-pack' ? 'write' : 'read';
  try {
    await findAppForActor(actor, parsed.app, access);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, 'Repository not found');
    throw error;
  }
  const repository = await db.repository.findFirst({ where: { app: { name: parsed.app } } });
  if (!repository) return text(404, 'Repository not found');

  const c = config();
  const maxBody = c.BERTH_GIT_MAX_PUSH_MB * MB;
  const contentLength = request.headers.get('content-length');
  if (contentLength && /^\d+$/.test(contentLength) && Number(contentLength) > maxBody + BODY_SLACK)
    return text(413, `Push refused: ${Math.ceil(Number(contentLength) / MB)} MB is more than the limit of ${c.BERTH_GIT_MAX_PUSH_MB} MB`);
  // Names this push to the post-receive hook and its report, so the verdict comes back here.
  const pushId = parsed.service === 'git-receive-pack' && request.method === 'POST' ? newPushId() : null;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: c.paths.tmp,
    LANG: 'C.UTF-8',
    GIT_PROJECT_ROOT: c.paths.repos,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    PATH_INFO: parsed.pathInfo,
    QUERY_STRING: parsed.queryString,
    REQUEST_METHOD: request.method,
    REMOTE_USER: actor.email,
    REMOTE_ADDR: options.remoteAddr ?? '127.0.0.1',
    CONTENT_TYPE: request.headers.get('content-type') ?? '',
    BERTH_APP: parsed.app,
    BERTH_DEFAULT_BRANCH: repository.defaultBranch,
    BERTH_HOOK_URL: options.hookUrl ?? `${c.BERTH_PUBLIC_URL.replace(/\/+$/, '')}/api/internal/push`,
    BERTH_HOOK_SECRET: hookSecret(),
    BERTH_REPO_MAX_BYTES: String(c.BERTH_GIT_MAX_REPO_MB * MB),
    ...(pushId ? { BERTH_PUSH_ID: pushId } : {}),
    ...gitConfigEnv({
      // Every pushed object is checked: malformed trees (duplicate names, "..", ".git", odd
      // modes) never enter a repository (docs/security.md).
      'receive.fsckObjects': 'true',
      'receive.maxInputSize': String(maxBody),
      // Berth's hooks, outside every repository (a repository's own hooks/ is never run).
      'core.hooksPath': await sharedHooksDir(c.paths.data),
    }),
  };
  if (contentLength && /^\d+$/.test(contentLength)) env.CONTENT_LENGTH = contentLength;
  const encoding = request.headers.get('content-encoding');
  if (encoding && /^[a-z0-9-]+$/i.test(encoding)) env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = request.headers.get('git-protocol');
  if (protocol && /^[A-Za-z0-9=:._-]+$/.test(protocol)) env.GIT_PROTOCOL = protocol;

  const child = spawn('git', ['http-backend'], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  const timeout = setTimeout(
    () => child.kill('SIGKILL'),
    parsed.service === 'git-receive-pack' ? RECEIVE_TIMEOUT_MS : UPLOAD_TIMEOUT_MS,
  );
  child.on('close', () => clearTimeout(timeout));
  child.on('error', () => clearTimeout(timeout));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString('utf8');
  });
  child.on('close', (code) => {
    if (code !== 0 && stderr) console.error(`[git] http-backend ${parsed.pathInfo} exited ${code}: ${stderr.trim()}`);
  });
  child.stdin.on('error', () => {}); // the backend may close stdin early (e.g. on a refused push)

  if (request.body && request.method === 'POST') {
    // Streamed to git as it arrives (never buffered whole), and cut off at the push limit.
    const body = Readable.fromWeb(request.body as unknown as NodeReadableStream);
    const cap = byteCap(maxBody + BODY_SLACK);
    const stop = () => child.kill('SIGKILL');
    body.on('error', stop);
    cap.on('error', (error) => {
      console.error(`[git] ${parsed.pathInfo}: ${error.message}`);
      body.destroy();
      stop();
    });
    body.pipe(cap).pipe(child.stdin);
  } else {
    child.stdin.end();
  }
  const response = await cgiResponse(child.stdout, () => child.kill('SIGTERM'));
  if (!pushId || !response.body) return response;
  // A push whose build or deploy failed ends with a fatal error: `git push` exits non-zero.
  const verdict = () => {
    const v = takePushVerdict(pushId);
    return v && !v.ok ? v.message : null;
  };
  return new Response(response.body.pipeThrough(failPushAtEnd(verdict)), { status: response.status, headers: response.headers });
}

/** A pass-through that fails once more than `limit` bytes went through it. */
function byteCap(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new Error(`request body over ${Math.ceil(limit / MB)} MB: cut off`));
      else callback(null, chunk);
    },
  });
}

/** Config for one git process through the environment (GIT_CONFIG_COUNT, git ≥ 2.31). */
function gitConfigEnv(values: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  const entries = Object.entries(values);
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  env.GIT_CONFIG_COUNT = String(entries.length);
  return env;
}

async function basicAuthActor(header: string | null): Promise<Actor | null> {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return actorFromToken(decoded.slice(colon + 1));
}
