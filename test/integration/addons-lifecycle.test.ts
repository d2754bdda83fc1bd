import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as addons from '../../app/api/apps/[name]/addons/route';
import * as addon from '../../app/api/apps/[name]/addons/[id]/route';
import * as logs from '../../app/api/apps/[name]/addons/[id]/logs/route';
import * as metrics from '../../app/api/apps/[name]/addons/[id]/metrics/route';
import * as query from '../../app/api/apps/[name]/addons/[id]/query/route';
import { systemClock, type Clock } from '../../lib/background/clock';
import type { Actor } from '../../lib/auth/actor';
import { SCHEDULED_BACKUPS_KEPT } from '../../lib/addons/scheduled-backups';
import { config } from '../../lib/config';
import { db, type Host } from '../../lib/db';
import { connectDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { readEnv } from '../../lib/env/read-env';
import { addHost } from '../../lib/hosts/add-host';
import { deleteHost } from '../../lib/hosts/delete-host';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { parsePortRange } from '../../lib/hosts/port-range';
import { startLogShipper } from '../../lib/logs/ingest/ship-logs';
import { appMetrics } from '../../lib/metrics/app-metrics';
import { sampleMetrics } from '../../lib/metrics/ingest/sample-metrics';
import { api } from '../../scripts/harness/berth-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { healEngine, killEngine, restartEngine, startEngine, stopEngine, type Engine } from '../../scripts/harness/extra-engines';
import { createTestUser, type TestUser } from '../../scripts/harness/users';
import { startWorkers } from '../../scripts/harness/workers';
import { cleanupInstallation, createTestApp } from './deploy-helpers';
import { waitFor } from './support/wait-for';

/**
 * An add-on's life beyond provisioning, with real containers on a second engine in its own
 * network namespace (scripts/harness/extra-engines.ts):
 *  - scheduled backups: the daily loop runs on a clock the test moves a day at a time — a due
 *    add-on gets a backup, one backed up today does not, and only the newest 7 are kept;
 *  - lost host: the engine is SIGKILLed; the add-on turns `unavailable` (not moved) with its last
 *    backup offered; that backup is restored into a new add-on on the other host
 *    (POST …/addons {type, fromBackup}), and deleting the lost one moves DATABASE_URL to it;
 *  - the new add-on's CPU/memory samples and server log reach its own API (and not the app's
 *    instance metrics).
 */
const run = promisify(execFile);
const admin: Actor = { id: 'addons-lifecycle-admin', email: 'admin@addons-lifecycle.test', role: 'ADMIN' };
const A = '^/api/apps/([^/]+)/addons';
const ni = ['name', 'id'];
const routes = [
  { method: 'POST', pattern: new RegExp(`${A}$`), handler: addons.POST as never, params: ['name'] },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)$`), handler: addon.GET as never, params: ni },
  { method: 'DELETE', pattern: new RegExp(`${A}/([^/]+)$`), handler: addon.DELETE as never, params: ni },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)/logs$`), handler: logs.GET as never, params: ni },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)/metrics$`), handler: metrics.GET as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/query$`), handler: query.POST as never, params: ni },
];
const DAY = 24 * 60 * 60_000;

describe('add-ons: scheduled backups, a lost host, metrics and logs', () => {
  let engine: Engine;
  let local: Host;
  let remote: Host;
  let server: TestServer;
  let stopWorkers: (() => Promise<void>) | undefined;
  let owner: TestUser;
  let sqlAdmin: TestUser;
  let other: { id: string; name: string };
  let app: { id: string; name: string };
  let lostId = '';
  let newId = '';
  // The add-ons worker's clock: real time moved forward by whole days when the test says so.
  let offsetMs = 0;
  const clock: Clock = { now: () => Date.now() + offsetMs, schedule: systemClock.schedule };

  beforeAll(async () => {
    engine = await startEngine('aol', 23);
    local = await ensureLocalHost();
    const { start } = parsePortRange(config().BERTH_PORT_RANGE);
    const first = start + 21_000;
    remote = await addHost(admin, {
      name: `aol-${config().BERTH_INSTALLATION.slice(-6)}`,
      dockerUrl: engine.dockerUrl,
      address: engine.address,
      labels: { disk: 'addons' },
      portRange: `${first}-${first + 19}`,
      force: true, // plain tcp:// to an engine in this machine's own network namespace
    });
    server = await startTestServer(routes);
    // Heartbeats every second with a 6 s grace (production: 3 s and 15 s): the lost host is seen
    // in seconds; a heartbeat times out after 3 s, so one slow answer never writes a host off.
    stopWorkers = await startWorkers(['hosts', 'addons'], {
      hosts: { intervalMs: 1_000, graceSeconds: 6 },
      addons: { repairIntervalMs: 2_000, backupIntervalMs: 500, clock },
    });
    owner = await createTestUser();
    sqlAdmin = await createTestUser('ADMIN');
    const member = { members: { create: { userId: owner.id, role: 'OWNER' as const } } };
    // Pinned to the extra engine by a label, so the add-on lands there.
    app = await createTestApp(undefined, { ...member, hostConstraints: { disk: 'addons' } });
    other = await createTestApp(undefined, member);
  }, 600_000);

  afterAll(async () => {
    await stopWorkers?.();
    await server?.close();
    const rows = await db.addon.findMany({ where: { appId: { in: [app?.id ?? '', other?.id ?? ''] } } });
    await cleanupInstallation().catch(() => undefined);
    for (const r of rows) await run('docker', ['volume', 'rm', '-f', r.volumeName], { timeout: 60_000 }).catch(() => undefined);
    if (engine) {
      await healEngine(engine).catch(() => undefined);
      await restartEngine(engine).catch(() => undefined);
      const docker = connectDocker({ dockerUrl: engine.socketUrl });
      const mine = await docker
        .listContainers({ all: true, filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`] } })
        .catch(() => []);
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      if (remote) {
        await db.addon.deleteMany({ where: { hostId: remote.id } });
        await deleteHost(admin, remote.id).catch(() => undefined);
      }
      await stopEngine(engine);
    }
  }, 300_000);

  it('scheduled backups: a due add-on gets one, not twice a day, and only the newest 7 are kept', async () => {
    const res = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons`, { type: 'postgres' });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    lostId = res.json.addon.id;
    const ready = await waitFor(async () => {
      const row = await db.addon.findUniqueOrThrow({ where: { id: lostId } });
      if (row.status === 'FAILED') throw new Error(row.statusReason ?? 'failed');
      return row.status === 'AVAILABLE' && row;
    }, 480_000, 'postgres available on the extra engine');
    expect(ready.hostId).toBe(remote.id);
    const sql = (q: string) => api(server.url, sqlAdmin.token, 'POST', `/api/apps/${app.name}/addons/${lostId}/query`, { query: q });
    expect((await sql("CREATE TABLE notes (body text); INSERT INTO notes VALUES ('one'), ('two')")).json.exitCode).toBe(0);

    const seen = new Map<string, string>(); // backup id → file
    const scheduled = async () => {
      const rows = await db.addonBackup.findMany({ where: { addonId: lostId, kind: 'SCHEDULED' }, orderBy: { createdAt: 'asc' } });
      for (const b of rows) if (b.status === 'SUCCEEDED' && b.path) seen.set(b.id, b.path);
      return rows;
    };
    // Never backed up by the schedule: due at once (the loop ticks every 500 ms).
    await waitFor(async () => (await scheduled()).some((b) => b.status === 'SUCCEEDED'), 60_000, 'the first scheduled backup');
    // Backed up today: not due again.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await scheduled()).toHaveLength(1);
    // A day later each time: one more, until nine were made.
    for (let day = 1; day <= 8; day++) {
      offsetMs = day * DAY;
      await waitFor(async () => (await scheduled(), seen.size === day + 1), 60_000, `the scheduled backup of day ${day}`);
    }
    const kept = await waitFor(async () => {
      const rows = await scheduled();
      return rows.length === SCHEDULED_BACKUPS_KEPT && rows;
    }, 30_000, 'pruned to 7');
    const keptIds = new Set(kept.map((b) => b.id));
    const pruned = [...seen].filter(([id]) => !keptIds.has(id));
    expect(pruned).toHaveLength(2);
    for (const [, file] of pruned) expect(existsSync(file)).toBe(false);
    for (const b of kept) expect(existsSync(b.path!)).toBe(true);
  }, 900_000);

  it('lost host: unavailable, not moved; its last backup restores into a new add-on elsewhere; DATABASE_URL moves to it', async () => {
    expect(lostId).not.toBe('');
    const last = await db.addonBackup.findFirstOrThrow({ where: { addonId: lostId, status: 'SUCCEEDED' }, orderBy: { createdAt: 'desc' } });
    const oldEnv = await readEnv(app.id);
    expect(oldEnv.DATABASE_URL).toBe(oldEnv.POSTGRES_URL);

    await killEngine(engine);
    const shown = await waitFor(async () => {
      const got = await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons/${lostId}`);
      return got.json?.addon?.status === 'unavailable' && got.json.addon;
    }, 120_000, 'unavailable through the API');
    expect(shown.statusReason).toMatch(/unreachable.*not moved/);
    expect(shown.lastBackup).toMatchObject({ id: last.id });
    // Not moved: still one add-on, on the lost host, and the event says why.
    expect(await db.addon.count({ where: { appId: app.id } })).toBe(1);
    expect((await db.addon.findUniqueOrThrow({ where: { id: lostId } })).hostId).toBe(remote.id);
    expect(await db.event.findFirst({ where: { kind: 'addon.unavailable', appId: app.id } })).toBeTruthy();

    // Bad input: another app's backup, or a backup of another type → 404, nothing created.
    expect((await api(server.url, owner.token, 'POST', `/api/apps/${other.name}/addons`, { type: 'postgres', fromBackup: last.id })).status).toBe(404);
    expect((await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons`, { type: 'mysql', fromBackup: last.id })).status).toBe(404);
    expect(await db.addon.count({ where: { appId: { in: [app.id, other.id] } } })).toBe(1);

    // The operator lets it go anywhere, then restores the last backup into a new add-on.
    await db.app.update({ where: { id: app.id }, data: { hostConstraints: {} } });
    const res = await api(server.url, owner.token, 'POST', `/api/apps/${app.name}/addons`, { type: 'postgres', fromBackup: last.id });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    newId = res.json.addon.id;
    expect(res.json.addon.envKeys).toEqual(['POSTGRES_URL_2']);
    const fresh = await waitFor(async () => {
      const row = await db.addon.findUniqueOrThrow({ where: { id: newId } });
      if (row.status === 'FAILED') throw new Error(row.statusReason ?? 'failed');
      return row.status === 'AVAILABLE' && row;
    }, 480_000, 'the new add-on available');
    expect(fresh.hostId).toBe(local.id);
    const count = await api(server.url, sqlAdmin.token, 'POST', `/api/apps/${app.name}/addons/${newId}/query`, { query: 'SELECT body FROM notes ORDER BY body' });
    expect(count.json.exitCode, count.json.output).toBe(0);
    expect(count.json.output).toMatch(/one[\s\S]*two/);
    expect(await db.event.findFirst({ where: { kind: 'addon.restore', appId: app.id } })).toBeTruthy();

    // Deleting the lost one hands DATABASE_URL to the new one.
    const del = await api(server.url, owner.token, 'DELETE', `/api/apps/${app.name}/addons/${lostId}?confirm=postgres`);
    expect(del.status, JSON.stringify(del.json)).toBe(202);
    const env = await readEnv(app.id);
    expect(env.DATABASE_URL).toBe(env.POSTGRES_URL_2);
    expect(env.POSTGRES_URL).toBeUndefined();
    const gone = await waitFor(async () => {
      const row = await db.addon.findUniqueOrThrow({ where: { id: lostId } });
      return row.status === 'DELETED' && row;
    }, 60_000, 'the lost one removed');
    expect(gone.statusReason).toMatch(/volume .* kept/);
  }, 900_000);

  it("the new add-on's CPU/memory and server log reach its API, not the app's instance metrics", async () => {
    expect(newId).not.toBe('');
    expect(await sampleMetrics({ hosts: [local] })).toBeGreaterThan(0);
    const m = await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons/${newId}/metrics?range=15m`);
    expect(m.status).toBe(200);
    expect(m.json.points.length).toBeGreaterThan(0);
    expect(m.json.points[0].memoryMb).toBeGreaterThan(1);
    expect(m.json.memoryLimitMb).toBe(512);
    expect((await appMetrics(app.id, '15m')).processTypes).toEqual([]);
    expect((await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons/${newId}/metrics?range=2d`)).status).toBe(400);

    const shipper = startLogShipper({ scanIntervalMs: 500, hosts: async () => [local] });
    try {
      const lines = await waitFor(async () => {
        await shipper.settle();
        const got = await api(server.url, owner.token, 'GET', `/api/apps/${app.name}/addons/${newId}/logs?limit=500`);
        const text = (got.json?.lines ?? []).map((l: { line: string }) => l.line).join('\n');
        return /ready to accept connections/.test(text) && got.json.lines;
      }, 60_000, 'the server log shipped');
      expect(lines[0].instance).toMatch(/-postgres-/);
    } finally {
      await shipper.close();
    }
    expect((await api(server.url, owner.token, 'GET', `/api/apps/${other.name}/addons/${newId}/logs`)).status).toBe(404);
  }, 300_000);
});
