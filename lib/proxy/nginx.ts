import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { config } from '../config';

const run = promisify(execFile);
const NGINX_TIMEOUT_MS = 15_000;

/**
 * Controls Berth's own nginx: every call passes `-p <dir> -e <dir>/error.log -c <conf>` so it
 * never touches the system nginx (or another installation's). argv arrays only, with timeouts.
 */
export type NginxFiles = { dir: string; conf: string; pidFile: string };

export function nginxFiles(dir = config().paths.nginx): NginxFiles {
  return { dir, conf: path.join(dir, 'nginx.conf'), pidFile: path.join(dir, 'nginx.pid') };
}

async function nginx(files: NginxFiles, conf: string, extra: string[]): Promise<void> {
  try {
    await run(config().BERTH_NGINX_BIN, ['-p', files.dir, '-e', path.join(files.dir, 'error.log'), '-c', conf, ...extra], {
      timeout: NGINX_TIMEOUT_MS,
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`nginx ${extra.join(' ') || 'start'} failed: ${(e.stderr || e.message).trim()}`, { cause: error });
  }
}

/** `nginx -t` on a candidate file; throws with nginx's own message when it is invalid. */
export const testConfig = (files: NginxFiles, conf: string) => nginx(files, conf, ['-t', '-q']);

/** The master's pid when our nginx is running (pid file present and the process alive). */
export async function masterPid(files: NginxFiles): Promise<number | null> {
  let pid: number;
  try {
    pid = Number((await readFile(files.pidFile, 'utf8')).trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  // A recycled pid belonging to something else is not our nginx.
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes('nginx') ? pid : null;
}

/** Worker pids of a master (children in /proc). */
export async function workerPids(master: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid ..." — comm may contain spaces, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === master) out.push(Number(entry));
  }
  return out;
}

/**
 * Graceful reload, or start when not running. Resolves once the workers of the previous
 * configuration have exited: from then on no request can reach an upstream that the new config
 * dropped, so the caller may stop those instances without a single failed request.
 */
export async function reloadOrStart(files: NginxFiles, drainTimeoutMs = 35_000): Promise<'reloaded' | 'started'> {
  const master = await masterPid(files);
  if (master === null) {
    await nginx(files, files.conf, []);
    return 'started';
  }
  const before = await workerPids(master);
  await nginx(files, files.conf, ['-s', 'reload']);
  const deadline = Date.now() + drainTimeoutMs;
  for (;;) {
    const alive = before.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    const current = await workerPids(master);
    // Old workers gone (or reaped), and the master has new workers running.
    if (alive.filter((p) => current.includes(p)).length === 0 && current.length > 0) break;
    if (Date.now() > deadline) break; // worker_shutdown_timeout bounds this too
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'reloaded';
}

/** Stops our nginx (tests, uninstall). */
export async function stopNginx(files: NginxFiles): Promise<void> {
  if ((await masterPid(files)) === null) return;
  await nginx(files, files.conf, ['-s', 'quit']).catch(() => undefined);
  for (let i = 0; i < 100 && (await masterPid(files)) !== null; i++) await new Promise((r) => setTimeout(r, 50));
}
