import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as builds from '../../app/api/apps/[name]/builds/route';
import * as redeployRoute from '../../app/api/apps/[name]/redeploy/route';
import { getAppLiveState } from '../../lib/apps/app-live-state';
import { encryptJson, encryptSecret } from '../../lib/crypto/secret-box';
import { db } from '../../lib/db';
import { getEnvStatus } from '../../lib/releases/env-status';
import { api, appsApiRoutes, readSse } from '../../scripts/harness/berth-api';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';

/**
 * The app page's API and state on real PostgreSQL and Redis (no workers: jobs stay queued):
 * Redeploy and manual builds refuse bad input with a reason and change nothing; the progress
 * stream sends a new snapshot when the app's rows change; the failure banner and the Env page's
 * "not applied" are derived from the rows.
 */
describe('app page API and live state', () => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const name = randomAppName('pg');

  beforeAll(async () => {
    server = await startBerthServer([
      ...appsApiRoutes,
      { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/redeploy$/, handler: redeployRoute.POST as never, params: ['name'] },
      { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/builds$/, handler: builds.POST as never, params: ['name'] },
    ]);
    alice = await createTestUser();
    bob = await createTestUser();
    const created = await api(server.url, alice.token, 'POST', '/api/apps', { name, template: 'php' });
    expect(created.status).toBe(201);
  });
  afterAll(async () => server?.close());

  const counts = async () => {
    const app = await db.app.findUniqueOrThrow({ where: { name } });
    return { releases: await db.release.count({ where: { appId: app.id } }), builds: await db.build.count({ where: { appId: app.id } }) };
  };

  it('refuses Redeploy with nothing built, a bad body, an unknown version and another user, changing nothing', async () => {
    const before = await counts();
    const none = await api(server.url, alice.token, 'POST', `/api/apps/${name}/redeploy`);
    expect(none.status).toBe(409);
    expect(none.json.error.message).toMatch(/Nothing to redeploy yet/);
    expect((await api(server.url, alice.token, 'POST', `/api/apps/${name}/redeploy`, { version: 'two' })).status).toBe(400);
    expect((await api(server.url, alice.token, 'POST', `/api/apps/${name}/redeploy`, { version: 1, extra: true })).status).toBe(400);
    const missing = await api(server.url, alice.token, 'POST', `/api/apps/${name}/redeploy`, { version: 9 });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/v9/);
    expect((await api(server.url, bob.token, 'POST', `/api/apps/${name}/redeploy`, {})).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('refuses a manual build of an unknown build, a bad body and another user', async () => {
    const before = await counts();
    expect((await api(server.url, alice.token, 'POST', `/api/apps/${name}/builds`, { build: 99 })).status).toBe(404);
    expect((await api(server.url, alice.token, 'POST', `/api/apps/${name}/builds`, { build: -1 })).status).toBe(400);
    expect((await api(server.url, alice.token, 'POST', `/api/apps/${name}/builds`, { branch: 'x' })).status).toBe(400);
    expect((await api(server.url, bob.token, 'POST', `/api/apps/${name}/builds`, {})).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('Deploy latest queues a MANUAL build of the head, and the open progress stream sends it with a new snapshot', async () => {
    const app = await db.app.findUniqueOrThrow({ where: { name }, include: { repository: true } });
    const sse = readSse(
      `${server.url}/api/apps/${name}/progress`,
      alice.token,
      (e) => e.event === 'snapshot' && e.data.latestBuild?.number === 2,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1_000)); // the stream is open and idle
    const started = Date.now();
    const res = await api(server.url, alice.token, 'POST', `/api/apps/${name}/builds`);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ number: 2 });
    const events = await sse;
    const last = events.at(-1)!;
    expect(last.data.latestBuild).toMatchObject({ number: 2, status: 'QUEUED' });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The snapshot above (latest build #2, QUEUED, within 2 s) is what the page draws from.
    const build = await db.build.findFirstOrThrow({ where: { appId: app.id, number: 2 } });
    expect(build).toMatchObject({ trigger: 'MANUAL', commitSha: app.repository!.headCommit, createdById: alice.id });
    expect(await db.event.count({ where: { appId: app.id, kind: 'build.manual', actorId: alice.id } })).toBe(1);
  });

  it('derives the failure banner and the env states from the rows', async () => {
    const app = await db.app.findUniqueOrThrow({ where: { name } });
    const release = (version: number, status: 'LIVE' | 'FAILED', env: Record<string, string>, failureReason: string | null = null) =>
      db.release.create({
        data: { appId: app.id, version, imageTag: `berth/${name}:x`, commitSha: 'a'.repeat(40), env: encryptJson(env), status, description: `v${version}`, failureReason },
      });
    const v1 = await release(1, 'LIVE', { A: '1' });
    await db.app.update({ where: { id: app.id }, data: { currentReleaseId: v1.id } });
    await release(2, 'FAILED', { A: '1', B: '2' }, 'health check failed: GET / answered 500');
    for (const [key, value] of [['A', '1'], ['B', '2']]) await db.envVar.create({ data: { appId: app.id, key, value: encryptSecret(value) } });

    const env = await getEnvStatus(alice, name);
    expect(env.live).toMatchObject({ version: 1 });
    expect(env.newer).toMatchObject({ version: 2, status: 'FAILED' });
    expect(env.keys).toEqual([
      { key: 'A', state: 'live', removed: false },
      { key: 'B', state: 'failed', removed: false },
    ]);
    const live = await getAppLiveState(alice, name);
    expect(live.failure).toMatchObject({ kind: 'release', subject: 'v2', step: 'health check', serving: 1 });
    expect(live.pushed).toBe(true); // the manual build above

    // Redeploy (Retry) makes v3 from v2's image with today's env; queued, nothing else changes.
    const res = await api(server.url, alice.token, 'POST', `/api/apps/${name}/redeploy`, { version: 2 });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ version: 3 });
    const v3 = await db.release.findUniqueOrThrow({ where: { appId_version: { appId: app.id, version: 3 } } });
    expect(v3).toMatchObject({ status: 'PENDING', description: 'Redeploy v2', createdById: alice.id });
    expect((await getEnvStatus(alice, name)).keys.find((k) => k.key === 'B')?.state).toBe('pending');
  });
});
