import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';
import { dropDatabases } from './drop-database';

export type BenchInstallation = {
  /** DATABASE_URL, BERTH_DATA_DIR, BERTH_INSTALLATION and its own proxy, TLS, waker and console ports. */
  env: Record<string, string>;
  dbName: string;
  dataDir: string;
  /** Drops the database and removes the data directory. */
  remove(): Promise<void>;
};

/**
 * A throwaway installation for a benchmark, next to whatever else uses this machine's PostgreSQL,
 * Docker and nginx: its own database (created from `.env`'s DATABASE_URL), data directory,
 * installation id and ports. Benchmarks apply `env` (Object.assign(process.env, …) or a child's
 * env) BEFORE importing any Berth module: the config is read once.
 */
export async function createBenchInstallation(name: string): Promise<BenchInstallation> {
  const baseUrl = process.env.DATABASE_URL!;
  const dbName = `berth_bench_${name.replace(/-/g, '_')}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `berth-bench-${name}-`));
  return {
    env: {
      DATABASE_URL: url.toString(),
      BERTH_DATA_DIR: dataDir,
      BERTH_INSTALLATION: `bench-${name}-${Math.random().toString(36).slice(2, 7)}`,
      BERTH_PROXY_PORT: String(await freePort()),
      BERTH_PROXY_TLS_PORT: String(await freePort()), // not the shared default 8443
      BERTH_WAKER_PORT: String(await freePort()),
      BERTH_CONSOLE_PORT: String(await freePort()),
    },
    dbName,
    dataDir,
    remove: async () => {
      await dropDatabases(baseUrl, [dbName]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What an in-process benchmark does first: a bench installation applied to this process (with
 * `extraEnv`, e.g. its port range and address pool) and migrated. Call it before importing any
 * other Berth module.
 */
export async function enterBenchInstallation(name: string, extraEnv: Record<string, string> = {}): Promise<BenchInstallation> {
  const bench = await createBenchInstallation(name);
  Object.assign(process.env, bench.env, extraEnv);
  const { runMigrations } = await import('../../lib/migrations/run-migrations');
  await runMigrations({ databaseUrl: bench.env.DATABASE_URL, dir: path.resolve(import.meta.dirname, '../../prisma/migrations') });
  return bench;
}

/**
 * A benchmark's cleanup, run at most once: at the end, or when Ctrl-C / SIGTERM interrupts the
 * run (then `onInterrupt` notes it and the process exits 130 once cleanup is done).
 * `cleaningUp()` tells the bench's loops to stop early.
 */
export function cleanupOnce(
  run: () => Promise<void>,
  onInterrupt: (signal: NodeJS.Signals) => void,
): { cleanup: () => Promise<void>; cleaningUp: () => boolean } {
  let cleaned: Promise<void> | null = null;
  const cleanup = () => (cleaned ??= run());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      onInterrupt(signal);
      void cleanup().finally(() => process.exit(130));
    });
  }
  return { cleanup, cleaningUp: () => cleaned !== null };
}
