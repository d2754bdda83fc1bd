import { execFile } from 'node:child_process';
import net from 'node:net';
import { config } from '../../lib/config';
import { localDocker } from '../../lib/docker/connect';

/** git with argv, a timeout and stdin; resolves with the exit code instead of throwing. */
export function git(args: string[], options: { cwd?: string; input?: Buffer | string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      'git',
      ['-c', 'user.name=Attacker', '-c', 'user.email=attacker@example.test', ...args],
      {
        cwd: options.cwd,
        timeout: 60_000,
        env: { PATH: process.env.PATH, HOME: config().paths.tmp, GIT_CONFIG_NOSYSTEM: '1' } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout).trim(), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export type LiteralEntry = { mode: string; name: string; oid: string };

/**
 * Writes a tree object byte by byte with `git hash-object -t tree --literally`: git's own
 * commands would refuse or sort these entries, an attacker's tools do not.
 */
export async function literalTree(gitDir: string, entries: LiteralEntry[]): Promise<string> {
  const body = Buffer.concat(entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.oid, 'hex')])));
  const r = await git(['--git-dir', gitDir, 'hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], { input: body });
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

export async function blob(gitDir: string, content: string): Promise<string> {
  const r = await git(['--git-dir', gitDir, 'hash-object', '-w', '--stdin'], { input: content });
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

export async function commitTree(gitDir: string, tree: string, parent?: string): Promise<string> {
  const r = await git(['--git-dir', gitDir, 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', 'attack']);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

/** Runs `cmd` in a throwaway container of `image` and returns its output. */
export async function runInImage(image: string, cmd: string[]): Promise<string> {
  const docker = localDocker();
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: [],
    Cmd: cmd,
    Labels: { 'berth.installation': config().BERTH_INSTALLATION, 'berth.test': 'security' },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    await container.wait();
    const logs = await container.logs({ stdout: true, stderr: true });
    // Multiplexed frames: 8-byte headers before each chunk.
    const out: Buffer[] = [];
    for (let i = 0; i + 8 <= logs.length; ) {
      const size = logs.readUInt32BE(i + 4);
      out.push(logs.subarray(i + 8, i + 8 + size));
      i += 8 + size;
    }
    return Buffer.concat(out).toString('utf8');
  } finally {
    await container.remove({ force: true }).catch(() => {});
  }
}

/**
 * A TCP listener on `host` that records every connection and answers HTTP 200 "secret" (or,
 * `silent`, closes the connection without a word).
 */
export async function listener(
  host: string,
  options: { silent?: boolean } = {},
): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    hits += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.silent) socket.destroy();
    else socket.end('HTTP/1.1 200 OK\r\ncontent-length: 6\r\nconnection: close\r\n\r\nsecret');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    hits: () => hits,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
