import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as addons from '../../app/api/apps/[name]/addons/route';
import * as addon from '../../app/api/apps/[name]/addons/[id]/route';
import * as backups from '../../app/api/apps/[name]/addons/[id]/backups/route';
import * as restore from '../../app/api/apps/[name]/addons/[id]/restore/route';
import * as query from '../../app/api/apps/[name]/addons/[id]/query/route';
import * as restart from '../../app/api/apps/[name]/restart/route';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { appNetworkName } from '../../lib/docker/networks';
import { readEnv } from '../../lib/env/read-env';
import { getThroughProxy, waitForApp } from '../../scripts/harness/app-http';
import { api, appsApiRoutes } from '../../scripts/harness/berth-api';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import { startWorkers } from '../../scripts/harness/workers';
import { waitFor } from './support/wait-for';

/**
 * Apps of each language on their add-ons, built from git pushes of fixture apps
 * (test/fixtures/apps/addon-*) with real add-on containers:
 *  - PHP on PostgreSQL through PDO keeps its rows across a push, an app restart and an add-on
 *    restart; deleting the app removes the add-on's container and volume after a final backup;
 *  - Python on MariaDB through PyMySQL: round trip, backup → delete rows → restore → rows back;
 *    then DATABASE_URL moves to the app's PostgreSQL when the MariaDB add-on is deleted (one
 *    release), and goes when that one is deleted too;
 *  - Node keeps a Redis counter across an add-on restart and an app restart.
 */
const run = promisify(execFile);
const FIXTURES = path.join(import.meta.dirname, '../fixtures/apps');
const A = '^/api/apps/([^/]+)/addons';
const ni = ['name', 'id'];
const routes = [
  ...appsApiRoutes,
  { method: 'GET', pattern: new RegExp(`${A}$`), handler: addons.GET as never, params: ['name'] },
  { method: 'POST', pattern: new RegExp(`${A}$`), handler: addons.POST as never, params: ['name'] },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)$`), handler: addon.GET as never, params: ni },
  { method: 'DELETE', pattern: new RegExp(`${A}/([^/]+)$`), handler: addon.DELETE as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/backups$`), handler: backups.POST as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/restore$`), handler: restore.POST as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/query$`), handler: query.POST as never, params: ni },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/restart$/, handler: restart.POST as never, params: ['name'] },
];

/** The env of the running container of the app's current release (what the app really sees). */
async function liveEnv(appId: string): Promise<Record<string, string> | null> {
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, include: { currentRelease: true } });
  if (app.currentRelease?.status !== 'LIVE') return null;
  const inst = await db.instance.findFirst({ where: { appId, releaseId: app.currentRelease.id, status: 'RUNNING' } });
  if (!inst?.containerId) return null;
  const { stdout } = await run('docker', ['inspect', '--format', '{{json .Config.Env}}', inst.containerId], { timeout: 30_000 }).catch(() => ({ stdout: '' }));
  if (!stdout) return null;
  return Object.fromEntries((JSON.parse(stdout) as string[]).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

describe('apps on their add-ons (PHP/PDO/PostgreSQL, Python/PyMySQL/MariaDB, Node/Redis)', () => {
  let server: TestServer;
  let stopWorkers: (() => Promise<void>) | undefined;
  let owner: TestUser;
  let admin: TestUser;
  const created: string[] = [];
  const volumes: string[] = [];

  beforeAll(async () => {
    server = await startBerthServer(routes);
    stopWorkers = await startWorkers(['hosts', 'builds', 'deploys', 'addons'], { addons: { repairIntervalMs: 3_000 } });
    owner = await createTestUser();
    admin = await createTestUser('ADMIN');
  });

  afterAll(async () => {
    const rows = await db.addon.findMany({ where: { app: { name: { in: created } } } });
    volumes.push(...rows.map((r) => r.volumeName));
    for (const name of created) await api(server.url, owner.token, 'DELETE', `/api/apps/${name}?confirm=${name}`).catch(() => {});
    await stopWorkers?.();
    await server?.close();
    for (const r of rows) await run('docker', ['rm', '-f', r.containerName], { timeout: 60_000 }).catch(() => undefined);
    for (const v of volumes) await run('docker', ['volume', 'rm', '-f', v], { timeout: 60_000 }).catch(() => undefined);
  }, 300_000);

  /** New app from a template, live with its starter. */
  async function createApp(template: string, starter: string) {
    const name = randomAppName(template[0]);
    const res = await api(server.url, owner.token, 'POST', '/api/apps', { name, template });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    created.push(name);
    const live = await waitForApp(name, (r) => r.status === 200 && r.body.includes(starter), { timeoutMs: 300_000 });
    expect(live.body).toContain(starter);
    return db.app.findUniqueOrThrow({ where: { name } });
  }

  /** POST …/addons, then waits until it is available and a live release carries `key`. */
  async function addAddon(app: { id: string; name: string }, type: string, key: string) {
    const res = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons`, { type });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const id = res.json.addon.id as string;
    await waitFor(async () => {
      const row = await db.addon.findUniqueOrThrow({ where: { id } });
      if (row.status === 'FAILED') throw new Error(row.statusReason ?? 'failed');
      return row.status === 'AVAILABLE';
    }, 300_000, `${type} available`);
    const env = await waitFor(async () => {
      const e = await liveEnv(app.id);
      return e?.[key] ? e : null;
    }, 300_000, `${key} live`);
    return { id, env };
  }

  /** Clones the app, copies the fixture over the starter (MARKER → marker), pushes, waits for it live. */
  async function pushFixture(name: string, fixture: string, marker: string) {
    const work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${server.url}/git/${name}.git`, work], { token: owner.token })).code).toBe(0);
    await cp(path.join(FIXTURES, fixture), work, { recursive: true });
    for (const file of await readdir(path.join(FIXTURES, fixture))) {
      const p = path.join(work, file);
      await writeFile(p, (await readFile(p, 'utf8')).replaceAll('MARKER', marker));
    }
    expect((await runGit(['add', '-A'], { cwd: work })).code).toBe(0);
    expect((await runGit(['commit', '-m', `${fixture} ${marker}`], { cwd: work })).code).toBe(0);
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: owner.token, timeoutMs: 300_000 });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toMatch(/Live at http:\/\//);
    const live = await waitForApp(name, (r) => r.status === 200 && r.body.includes(marker), { timeoutMs: 120_000 });
    expect(live.body).toContain(marker);
  }

  /** POST …/restart (a rolling restart of every instance) and waits for it to finish. */
  async function restartApp(name: string) {
    const res = await api(server.url, owner.token, 'POST', `/api/apps/${name}/restart`);
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const done = await waitFor(async () => {
      const d = await db.deployment.findUniqueOrThrow({ where: { id: res.json.deploymentId } });
      return d.status === 'SUCCEEDED' || d.status === 'FAILED' ? d : null;
    }, 300_000, 'restart deployed');
    expect(done.status).toBe('SUCCEEDED');
  }

  /** GET through the proxy until it answers 200 (an add-on or app just restarted). */
  const get = (name: string, pathname: string) =>
    waitFor(async () => {
      const r = await getThroughProxy(name, pathname, 15_000);
      return r.status === 200 && r;
    }, 120_000, `${name}${pathname} 200`).then((r) => r.body.trim());

  it('PHP + PDO on PostgreSQL: rows survive a push, an app restart and an add-on restart; deleting the app removes the add-on after a final backup', async () => {
    const app = await createApp('php', 'Hello from PHP');
    const { id } = await addAddon(app, 'postgres', 'DATABASE_URL');
    await pushFixture(app.name, 'addon-php-pgsql', 'first');
    await get(app.name, '/?add=alpha');
    expect(await get(app.name, '/?add=beta')).toBe('php-pdo rows=2 [alpha,beta] first');

    await pushFixture(app.name, 'addon-php-pgsql', 'second');
    expect(await get(app.name, '/')).toBe('php-pdo rows=2 [alpha,beta] second');

    await restartApp(app.name);
    expect(await get(app.name, '/')).toBe('php-pdo rows=2 [alpha,beta] second');

    const row = await db.addon.findUniqueOrThrow({ where: { id } });
    await run('docker', ['restart', '-t', '10', row.containerName], { timeout: 90_000 });
    expect(await get(app.name, '/')).toBe('php-pdo rows=2 [alpha,beta] second');

    // Deleting the app: final backup kept under the data directory, container, volume and
    // network gone, nothing of the app left on the engine.
    const del = await api(server.url, owner.token, 'DELETE', `/api/apps/${app.name}?confirm=${app.name}`);
    expect(del.status, JSON.stringify(del.json)).toBeLessThan(300);
    created.splice(created.indexOf(app.name), 1);
    const event = await db.event.findFirstOrThrow({ where: { kind: 'app.delete', appId: app.id } });
    const finals = (event.data as { addonFinalBackups?: string[] }).addonFinalBackups ?? [];
    expect(finals).toHaveLength(1);
    expect(finals[0].startsWith(path.join(config().paths.data, 'addon-backups', app.id))).toBe(true);
    expect(existsSync(finals[0])).toBe(true);
    expect(await run('docker', ['inspect', row.containerName]).then(() => 'exists', () => 'gone')).toBe('gone');
    expect(await run('docker', ['volume', 'inspect', row.volumeName]).then(() => 'exists', () => 'gone')).toBe('gone');
    expect(await run('docker', ['network', 'inspect', appNetworkName(app.id)]).then(() => 'exists', () => 'gone')).toBe('gone');
    const label = `label=berth.app-id=${app.id}`;
    expect((await run('docker', ['ps', '-aq', '--filter', label])).stdout.trim()).toBe('');
    expect((await run('docker', ['volume', 'ls', '-q', '--filter', label])).stdout.trim()).toBe('');
    expect(await db.addon.count({ where: { appId: app.id } })).toBe(0);
  }, 1_200_000);

  it('Python + PyMySQL on MariaDB: round trip, backup → delete rows → restore → rows back; DATABASE_URL moves to PostgreSQL, then goes', async () => {
    const app = await createApp('python', 'Hello from Python');
    const mysql = await addAddon(app, 'mysql', 'MYSQL_URL');
    expect(mysql.env.DATABASE_URL).toBe(mysql.env.MYSQL_URL);
    expect(mysql.env.MYSQL_URL).toMatch(/^mysql:\/\//);
    await pushFixture(app.name, 'addon-python-mysql', 'py');
    await get(app.name, '/?put=alpha');
    expect(await get(app.name, '/?put=beta')).toBe('python-pymysql rows=alpha,beta py');

    const made = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons/${mysql.id}/backups`);
    expect(made.json.backup, JSON.stringify(made.json)).toMatchObject({ status: 'succeeded' });
    const wipe = await api(server.url, admin.token, 'POST', `/api/apps/${app.name}/addons/${mysql.id}/query`, { query: 'DELETE FROM words' });
    expect(wipe.json.exitCode, wipe.json.output).toBe(0);
    expect(await get(app.name, '/')).toBe('python-pymysql rows= py');
    const restored = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons/${mysql.id}/restore`, { backupId: made.json.backup.id });
    expect(restored.status, JSON.stringify(restored.json)).toBe(200);
    expect(await get(app.name, '/')).toBe('python-pymysql rows=alpha,beta py');

    // A second database: it gets POSTGRES_URL only; DATABASE_URL stays on MariaDB.
    const pg = await addAddon(app, 'postgres', 'POSTGRES_URL');
    expect(pg.env.DATABASE_URL).toBe(mysql.env.MYSQL_URL);
    // Deleting MariaDB hands DATABASE_URL to PostgreSQL, in one new release.
    const releasesBefore = await db.release.count({ where: { appId: app.id } });
    expect((await api(server.url, owner.token, 'DELETE', `/api/apps/${app.name}/addons/${mysql.id}?confirm=mysql`)).status).toBe(202);
    expect(await db.release.count({ where: { appId: app.id } })).toBe(releasesBefore + 1);
    expect((await readEnv(app.id)).DATABASE_URL).toBe(pg.env.POSTGRES_URL);
    const moved = await waitFor(async () => {
      const e = await liveEnv(app.id);
      return e && e.DATABASE_URL === pg.env.POSTGRES_URL && !('MYSQL_URL' in e) ? e : null;
    }, 300_000, 'DATABASE_URL → PostgreSQL live');
    expect(moved.POSTGRES_URL).toBe(pg.env.POSTGRES_URL);
    expect((await db.addon.findUniqueOrThrow({ where: { id: pg.id } })).setsDatabaseUrl).toBe(true);
    expect(await get(app.name, '/')).toBe('python-pymysql no database py');
    await waitFor(async () => (await db.addon.findUniqueOrThrow({ where: { id: mysql.id } })).status === 'DELETED', 300_000, 'MariaDB removed');
    expect(await db.addonBackup.count({ where: { addonId: mysql.id, kind: 'FINAL', status: 'SUCCEEDED' } })).toBe(1);
    expect(await db.release.count({ where: { appId: app.id } })).toBe(releasesBefore + 1);

    // Deleting the last database removes DATABASE_URL.
    expect((await api(server.url, owner.token, 'DELETE', `/api/apps/${app.name}/addons/${pg.id}?confirm=postgres`)).status).toBe(202);
    const env = await readEnv(app.id);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.POSTGRES_URL).toBeUndefined();
    await waitFor(async () => {
      const e = await liveEnv(app.id);
      return e && !('DATABASE_URL' in e) && !('POSTGRES_URL' in e);
    }, 300_000, 'DATABASE_URL gone from the live release');
  }, 1_200_000);

  it('Node keeps a Redis counter across an add-on restart and an app restart', async () => {
    const app = await createApp('node', 'Hello from Node.js');
    const { id, env } = await addAddon(app, 'redis', 'REDIS_URL');
    expect(env.DATABASE_URL).toBeUndefined();
    await pushFixture(app.name, 'addon-node-redis', 'nodectr');
    for (const n of [1, 2, 3]) expect(await get(app.name, '/hit')).toBe(`node-redis hits=${n} nodectr`);
    const row = await db.addon.findUniqueOrThrow({ where: { id } });
    await run('docker', ['restart', '-t', '10', row.containerName], { timeout: 90_000 });
    expect(await get(app.name, '/hit')).toBe('node-redis hits=4 nodectr');
    await restartApp(app.name);
    expect(await get(app.name, '/peek')).toBe('node-redis hits=4 nodectr');
  }, 1_200_000);
});
