import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { parseConfig } from '../../lib/config';
import { connectDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { nginxFiles, stopNginx } from '../../lib/proxy/nginx';
import { runMigrations } from '../../lib/migrations/run-migrations';
import { loadDotEnv } from '../../lib/load-dotenv';
import { freePort } from '../../scripts/harness/free-port';
import { dropDatabases } from '../../scripts/harness/drop-database';

/**
 * One fresh database per test run (berth_test_<random>), migrated, dropped at the end. Tests use
 * the real PostgreSQL, Redis and Docker engine that `scripts/setup.sh` started.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
    installation: string;
    proxyPort: number;
    proxyTlsPort: number;
    portRange: string;
  }
}

/** A port nothing listens on right now (the kernel picks it), for this run's nginx. */

export default async function setup(project: TestProject) {
  loadDotEnv();
  const base = parseConfig(process.env);
  const name = `berth_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = new pg.Client({ connectionString: base.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await runMigrations({ databaseUrl, dir: path.resolve(import.meta.dirname, '../../prisma/migrations') });
  const dataDir = path.join(base.paths.data, 'test', name);
  project.provide('databaseUrl', databaseUrl);
  project.provide('dataDir', dataDir);
  // Own installation id, proxy port and host-port block: runs sharing this machine's Docker
  // engine and Redis never see each other's containers, jobs or ports.
  const block = Math.floor(Math.random() * 40);
  const installation = name.replace(/_/g, '-').slice(0, 31);
  project.provide('installation', installation);
  project.provide('proxyPort', await freePort());
  project.provide('proxyTlsPort', await freePort());
  project.provide('portRange', `${21000 + block * 200}-${21000 + block * 200 + 199}`);

  return async () => {
    // Whatever the run left behind: its apps' containers, its nginx, its data directory.
    const docker = connectDocker({ dockerUrl: base.DOCKER_HOST });
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL.installation}=${installation}`] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    // And its app networks: hundreds of stale bridges make the next dockerd start take minutes.
    const networks = await docker.listNetworks({ filters: { label: [`${LABEL.installation}=${installation}`] } });
    for (const n of networks) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    await stopNginx(nginxFiles(path.join(dataDir, 'nginx'))).catch(() => undefined);
    if (process.env.BERTH_KEEP_TEST_DB) return;
    await rm(dataDir, { recursive: true, force: true });
    const cleanup = new pg.Client({ connectionString: base.DATABASE_URL });
    await cleanup.connect();
    // The run's template and every per-file clone of it (setup-env.ts).
    const { rows } = await cleanup.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $1 || '_f')`,
      [name],
    );
    await cleanup.end();
    await dropDatabases(base.DATABASE_URL, rows.map((r) => r.datname));
  };
}
