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

/** Worker pids of a master (its children; one /proc read where the kernel lists them). */
export async function workerPids(master: number): Promise<number[]> {
  const listed = await readFile(`/proc/${master}/task/${master}/children`, 'utf8').catch(() => null);
  if (listed !== null) return listed.split(/\s+/).filter(Boolean).map(Number);
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
 * Graceful reload, or start when not running. Resolves once the new configuration serves every
 * new connection: new workers run and every worker of the old one has stopped accepting ("is
 * shutting down") or exited. `drained` resolves once those old workers have exited: from then on
 * no request can reach an upstream that the new config dropped, so the caller may stop those
 * instances without a single failed request.
 */
export async function reloadOrStart(files: NginxFiles, drainTimeoutMs = 35_000): Promise<{ how: 'reloaded' | 'started'; drained: Promise<void> }> {
  const master = await masterPid(files);
  if (master === null) {
    await nginx(files, files.conf, []);
    return { how: 'started', drained: Promise.resolve() };
  }
  const before = await workerPids(master);
  // A signal, not `nginx -s reload`, which parses the whole configuration again (~0.1 s) only to
  // find this pid.
  process.kill(master, 'SIGHUP');
  const deadline = Date.now() + drainTimeoutMs; // worker_shutdown_timeout bounds the drain too
  await pollUntil(deadline, 10, async () => {
    const current = await workerPids(master);
    if (!current.some((pid) => !before.includes(pid))) return false;
    for (const pid of before) if (current.includes(pid) && !(await isShuttingDown(pid))) return false;
    return true;
  });
  const drained = pollUntil(deadline, 50, async () => {
    const current = await workerPids(master);
    return current.length > 0 && !before.some((pid) => current.includes(pid));
  });
  return { how: 'reloaded', drained };
}

async function pollUntil(deadline: number, everyMs: number, done: () => Promise<boolean>): Promise<void> {
  while (!(await done()) && Date.now() <= deadline) await new Promise((r) => setTimeout(r, everyMs));
}

/** An old worker that got the reload's QUIT retitles itself and has closed its listening sockets. */
async function isShuttingDown(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  return cmdline === null || cmdline.includes('shutting down');
}

/** Stops our nginx (tests, uninstall). */
export async function stopNginx(files: NginxFiles): Promise<void> {
  if ((await masterPid(files)) === null) return;
  await nginx(files, files.conf, ['-s', 'quit']).catch(() => undefined);
  for (let i = 0; i < 100 && (await masterPid(files)) !== null; i++) await new Promise((r) => setTimeout(r, 50));
}
