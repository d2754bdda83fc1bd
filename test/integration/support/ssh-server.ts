import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../scripts/harness/free-port';

const run = promisify(execFile);
export const SSHD = '/usr/sbin/sshd';

export type SshServer = {
  port: number;
  clientKey: string;
  /** The server's host key fingerprint as `ssh-keygen -lf` prints it (SHA256:…). */
  hostKeyFingerprint: string;
  stop: () => Promise<void>;
};


/**
 * A private sshd on 127.0.0.1 (random port) for this test only: its own host key, config and
 * authorized key, key-only root login (Docker needs root). Stopped by its pid.
 */
export async function startSshServer(
  dir: string,
  options: { port?: number; authorizedKey?: string } = {},
): Promise<SshServer> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await mkdir('/run/sshd', { recursive: true }); // privilege separation directory
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  for (const key of [hostKey, clientKey])
    if (!existsSync(key)) await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { timeout: 10_000 });
  await writeFile(path.join(dir, 'authorized_keys'), options.authorizedKey ?? (await readFile(`${clientKey}.pub`, 'utf8')), { mode: 0o600 });
  const port = options.port ?? (await freePort());
  const { stdout: listed } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { timeout: 10_000 });
  const hostKeyFingerprint = listed.split(/\s+/)[1];
  const conf = path.join(dir, 'sshd_config');
  await writeFile(
    conf,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'AllowUsers root',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`sshd did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    clientKey: await readFile(clientKey, 'utf8'),
    hostKeyFingerprint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
