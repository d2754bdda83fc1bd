import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as addons from '../../app/api/apps/[name]/addons/route';
import * as addon from '../../app/api/apps/[name]/addons/[id]/route';
import * as backups from '../../app/api/apps/[name]/addons/[id]/backups/route';
import * as download from '../../app/api/apps/[name]/addons/[id]/backups/[backupId]/download/route';
import * as restore from '../../app/api/apps/[name]/addons/[id]/restore/route';
import * as query from '../../app/api/apps/[name]/addons/[id]/query/route';
import { db } from '../../lib/db';
import { appNetworkName } from '../../lib/docker/networks';
import { readEnv } from '../../lib/env/read-env';
import { api } from '../../scripts/harness/berth-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, type TestUser } from '../../scripts/harness/users';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease } from './deploy-helpers';
import { waitFor } from './support/wait-for';

/**
 * Add-ons end to end with real containers: provision PostgreSQL and Redis through the API, the
 * env attached by a new release, data kept across a redeploy and an add-on restart (the repair
 * loop brings a stopped one back), backup → delete rows → restore → rows back, delete keeps a
 * final backup, and bad input. Clients connect from the app's own network with the URL the app
 * got (a one-off container of the add-on image: psql / redis-cli), as an app would.
 */
const run = promisify(execFile);
const n = ['name'];
const ni = ['name', 'id'];
const A = '^/api/apps/([^/]+)/addons';
const routes = [
  { method: 'GET', pattern: new RegExp(`${A}$`), handler: addons.GET as never, params: n },
  { method: 'POST', pattern: new RegExp(`${A}$`), handler: addons.POST as never, params: n },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)$`), handler: addon.GET as never, params: ni },
  { method: 'DELETE', pattern: new RegExp(`${A}/([^/]+)$`), handler: addon.DELETE as never, params: ni },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)/backups$`), handler: backups.GET as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/backups$`), handler: backups.POST as never, params: ni },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)/backups/([^/]+)/download$`), handler: download.GET as never, params: [...ni, 'backupId'] },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/restore$`), handler: restore.POST as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/query$`), handler: query.POST as never, params: ni },
];

/** A client on the app's network, connecting with the URL the app was given. */
async function onAppNetwork(appId: string, image: string, argv: string[]): Promise<string> {
  const { stdout } = await run('docker', ['run', '--rm', '--network', appNetworkName(appId), '--cap-drop', 'ALL', image, ...argv], {
    timeout: 120_000,
  });
  return stdout.trim();
}

async function liveEnv(appId: string): Promise<Record<string, string>> {
  const app = await db.app.findUniqueOrThrow({ where: { id: appId }, include: { currentRelease: true } });
  const inst = await db.instance.findFirst({ where: { appId, releaseId: app.currentReleaseId ?? '', status: 'RUNNING' } });
  if (!inst?.containerId) return {};
  const { stdout } = await run('docker', ['inspect', '--format', '{{json .Config.Env}}', inst.containerId], { timeout: 30_000 });
  return Object.fromEntries((JSON.parse(stdout) as string[]).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

describe('add-ons: PostgreSQL and Redis with real containers', () => {
  let server: TestServer;
  let stop: () => Promise<void>;
  let owner: TestUser;
  let admin: TestUser;
  let stranger: TestUser;
  let app: { id: string; name: string };
  let cacheApp: { id: string; name: string };
  let pgId = '';
  let redisId = '';
  let dbUrl = '';
  const psql = (sql: string) => onAppNetwork(app.id, 'berth/addon-postgres', ['psql', '-X', '-A', '-t', dbUrl, '-c', sql]);

  beforeAll(async () => {
    await buildTestImage();
    server = await startTestServer(routes);
    stop = await startWorkers(['hosts', 'deploys', 'addons'], { addons: { repairIntervalMs: 2_000 } });
    owner = await createTestUser();
    admin = await createTestUser('ADMIN');
    stranger = await createTestUser();
    const member = { members: { create: { userId: owner.id, role: 'OWNER' as const } } };
    app = await createTestApp(undefined, member);
    cacheApp = await createTestApp(undefined, member);
    await deployTestRelease(app.id, { VERSION: '1' });
    await deployTestRelease(cacheApp.id, { VERSION: '1' });
  }, 600_000);

  afterAll(async () => {
    await stop?.();
    await server?.close();
    const rows = await db.addon.findMany({ where: { appId: { in: [app?.id ?? '', cacheApp?.id ?? ''] } } });
    await cleanupInstallation();
    for (const r of rows) await run('docker', ['volume', 'rm', '-f', r.volumeName]).catch(() => undefined);
  });

  it('bad input: unknown type → 400, an app that is not yours → 404', async () => {
    expect((await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons`, { type: 'mongodb' })).status).toBe(400);
    expect((await api(server.url, stranger.token, 'POST', `/api/apps/${app.name}/addons`, { type: 'postgres' })).status).toBe(404);
    expect((await api(server.url, stranger.token, 'GET', `/api/apps/${app.name}/addons`)).status).toBe(404);
  });

  it('provisions PostgreSQL: 202, then attached — DATABASE_URL and POSTGRES_URL in a new live release', { timeout: 900_000 }, async () => {
    const res = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons`, { type: 'postgres' });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.addon).toMatchObject({ type: 'postgres', status: 'provisioning', version: '15', envKeys: ['DATABASE_URL', 'POSTGRES_URL'] });
    pgId = res.json.addon.id;
    const ready = await waitFor(async () => {
      const got = await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons/${pgId}`);
      if (got.json?.addon?.status === 'failed') throw new Error(got.json.addon.statusReason);
      return got.json?.addon?.status === 'available' && got.json.addon;
    }, 240_000, 'postgres available');
    expect(ready.connectionUrl).toMatch(/^postgres:\/\/[a-z0-9]+:•+@berth-.*:5432\/db[a-z0-9]+$/);
    expect(ready.sizeBytes).toBeGreaterThan(1_000_000);
    expect(ready.host).toBeTruthy();
    const env = await waitFor(async () => {
      const e = await liveEnv(app.id);
      return e.DATABASE_URL ? e : null;
    }, 480_000, 'the release with DATABASE_URL live');
    dbUrl = env.DATABASE_URL;
    expect(env.POSTGRES_URL).toBe(dbUrl);
    expect((await readEnv(app.id)).DATABASE_URL).toBe(dbUrl);
    // Revealed only on request; nothing published on the host; capabilities dropped.
    const revealed = await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons/${pgId}?reveal=1`);
    expect(revealed.json.addon.connectionUrl).toBe(dbUrl);
    const row = await db.addon.findUniqueOrThrow({ where: { id: pgId } });
    const { stdout } = await run('docker', ['inspect', '--format', '{{json .HostConfig.CapDrop}} {{json .NetworkSettings.Ports}} {{.HostConfig.Memory}}', row.containerName]);
    expect(stdout).toMatch(/^\["ALL"\] (\{\}|null|\{"5432\/tcp":null\}) 536870912/); // no host port
  });

  it('keeps rows across a redeploy of the app and a restart of the add-on', { timeout: 600_000 }, async () => {
    await psql('CREATE TABLE notes (body text); INSERT INTO notes VALUES (\'one\'), (\'two\')');
    await deployTestRelease(app.id, { ...(await readEnv(app.id)), VERSION: '2' });
    expect(await psql('SELECT count(*) FROM notes')).toBe('2');
    const row = await db.addon.findUniqueOrThrow({ where: { id: pgId } });
    await run('docker', ['stop', '-t', '10', row.containerName], { timeout: 60_000 });
    // The repair loop (workers/addons.ts) starts it again on its volume.
    await waitFor(async () => (await psql('SELECT count(*) FROM notes').catch(() => '')) === '2', 120_000, 'postgres running again');
    // The event is recorded once the add-on answers again: a moment after psql may already succeed.
    const repaired = await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'addon.repair' } }), 60_000, 'the addon.repair event');
    expect(repaired.message).toMatch(/restarted/);
  });

  it('a Node-style Redis counter survives an add-on restart', { timeout: 900_000 }, async () => {
    const res = await api(server.url, owner.token, 'POST', `/api/apps/${cacheApp.name}/addons`, { type: 'redis' });
    expect(res.status).toBe(202);
    redisId = res.json.addon.id;
    const env = await waitFor(async () => {
      const e = await liveEnv(cacheApp.id);
      return e.REDIS_URL ? e : null;
    }, 480_000, 'REDIS_URL live');
    expect(env.DATABASE_URL).toBeUndefined(); // a cache is not the app's database
    const cli = (...args: string[]) => onAppNetwork(cacheApp.id, 'berth/addon-redis', ['redis-cli', '-u', env.REDIS_URL, ...args]);
    for (let i = 0; i < 3; i++) await cli('INCR', 'hits');
    const row = await db.addon.findUniqueOrThrow({ where: { id: redisId } });
    await run('docker', ['restart', '-t', '10', row.containerName], { timeout: 60_000 });
    expect(await waitFor(async () => (await cli('GET', 'hits').catch(() => '')) || null, 60_000, 'counter readable')).toBe('3');
  });

  it('backup → delete rows → restore → rows back; the download matches its sha256', async () => {
    const made = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons/${pgId}/backups`);
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.json.backup).toMatchObject({ status: 'succeeded', kind: 'manual' });
    const listed = await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons/${pgId}/backups`);
    expect(listed.json.backups[0]).toMatchObject({ id: made.json.backup.id, status: 'succeeded' });
    expect(listed.json.backups[0].sizeBytes).toBeGreaterThan(0);
    const file = await fetch(`${server.url}/api/apps/${app.name}/addons/${pgId}/backups/${made.json.backup.id}/download`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(made.json.backup.sha256);

    await psql('DELETE FROM notes');
    expect(await psql('SELECT count(*) FROM notes')).toBe('0');
    const restored = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons/${pgId}/restore`, { backupId: made.json.backup.id });
    expect(restored.status, JSON.stringify(restored.json)).toBe(200);
    expect(await psql('SELECT body FROM notes ORDER BY body')).toBe('one\ntwo');
    expect(await db.event.findFirst({ where: { appId: app.id, kind: 'addon.restore' } })).toBeTruthy();
  });

  it('restore of another app\'s backup → 404; the admin query runs SQL', async () => {
    const other = await api(server.url, owner.token, 'POST', `/api/apps/${cacheApp.name}/addons/${redisId}/backups`);
    expect(other.json.backup.status).toBe('succeeded');
    const res = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons/${pgId}/restore`, { backupId: other.json.backup.id });
    expect(res.status).toBe(404);
    expect((await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons/${pgId}/query`, { query: 'SELECT 1' })).status).toBe(403);
    const q = await api(server.url, admin.token, 'POST', `/api/apps/${app.name}/addons/${pgId}/query`, { query: 'SELECT count(*) AS n FROM notes' });
    expect(q.json).toMatchObject({ exitCode: 0 });
    expect(q.json.output).toMatch(/\b2\b/);
  });

  it('delete: confirm required; env vars removed in a new release; a final backup is kept', async () => {
    expect((await api(server.url, owner.token, 'DELETE', `/api/apps/${app.name}/addons/${pgId}`)).status).toBe(400);
    const res = await api(server.url, owner.token, 'DELETE', `/api/apps/${app.name}/addons/${pgId}?confirm=postgres`);
    expect(res.status).toBe(202);
    expect(Object.keys(await readEnv(app.id))).not.toContain('DATABASE_URL');
    await waitFor(async () => {
      const e = await liveEnv(app.id);
      return Object.keys(e).length > 0 && !('DATABASE_URL' in e) && !('POSTGRES_URL' in e);
    }, 240_000, 'env gone from the live release');
    const row = await waitFor(async () => {
      const r = await db.addon.findUniqueOrThrow({ where: { id: pgId } });
      return r.status === 'DELETED' && r;
    }, 240_000, 'add-on removed');
    const final = await db.addonBackup.findFirst({ where: { addonId: pgId, kind: 'FINAL' } });
    expect(final).toMatchObject({ status: 'SUCCEEDED' });
    expect(existsSync(final!.path!)).toBe(true);
    const gone = await run('docker', ['inspect', row.containerName]).then(() => false, () => true);
    expect(gone).toBe(true);
    expect((await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons`)).json.addons).toEqual([]);
  });
});
