import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import { freePort } from '../../../scripts/harness/free-port';

/**
 * A PostgreSQL and a Redis of a test's own (own port, data in the test's temp directory), that
 * the test can stop and start again — never the shared servers every other test uses. Started
 * with argv arrays, stopped by PID. PostgreSQL refuses to run as root, so it runs as the
 * `postgres` system user when the test runs as root.
 */
const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';


export type OwnService = {
  url: string;
  start(): Promise<void>;
  /** SIGINT for PostgreSQL (fast shutdown), SIGKILL for a crash; waits until the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

function stopper(get: () => ChildProcess | null): (signal: NodeJS.Signals) => Promise<void> {
  return async (signal) => {
    const child = get();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
}

async function waitUntil(what: string, probe: () => Promise<boolean>, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function ownPostgres(dir: string): Promise<OwnService> {
  const port = await freePort();
  const data = path.join(dir, 'pg');
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? await postgresIds() : {};
  await mkdir(data, { recursive: true, mode: 0o700 });
  if (asRoot) await chown(dir, ids.uid!, ids.gid!).then(() => chown(data, ids.uid!, ids.gid!));
  await run(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'berth', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    ...ids,
    timeout: 120_000,
  });
  const url = `postgresql://berth@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | null = null;
  const service: OwnService = {
    url,
    start: async () => {
      child = spawn(path.join(PG_BIN, 'postgres'), ['-D', data, '-p', String(port), '-k', data, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'], {
        ...ids,
        stdio: 'ignore',
      });
      await waitUntil('postgres accepting connections', async () => {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
        try {
          await client.connect();
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      });
    },
    stop: (signal = 'SIGINT') => stopper(() => child)(signal),
  };
  await service.start();
  return service;
}

export async function ownRedis(dir: string): Promise<OwnService> {
  const port = await freePort();
  const data = path.join(dir, 'redis');
  await mkdir(data, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const service: OwnService = {
    url,
    start: async () => {
      // As setup.sh starts Berth's Redis: AOF on, noeviction.
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''], {
        stdio: 'ignore',
      });
      await waitUntil('redis answering PING', async () => {
        const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        r.on('error', () => undefined); // not up yet: the probe fails and is tried again
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      });
    },
    stop: (signal = 'SIGTERM') => stopper(() => child)(signal),
  };
  await service.start();
  return service;
}

async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}
