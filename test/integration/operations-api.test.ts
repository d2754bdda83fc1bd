import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getReleases } from '../../app/api/apps/[name]/releases/route';
import { POST as postRollback } from '../../app/api/apps/[name]/rollback/route';
import { POST as postScale } from '../../app/api/apps/[name]/scale/route';
import { GET as getFormation } from '../../app/api/apps/[name]/formation/route';
import { GET as getEnv, PUT as putEnv } from '../../app/api/apps/[name]/env/route';
import { DELETE as deleteEnvKey } from '../../app/api/apps/[name]/env/[key]/route';
import { GET as getDeployments } from '../../app/api/apps/[name]/deployments/route';
import { db } from '../../lib/db';
import { api } from '../../scripts/harness/berth-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, type TestUser } from '../../scripts/harness/users';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, runningContainers, viaProxy } from './deploy-helpers';

const n = ['name'];
const routes = [
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/releases$/, handler: getReleases as never, params: n },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/rollback$/, handler: postRollback as never, params: n },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/scale$/, handler: postScale as never, params: n },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/formation$/, handler: getFormation as never, params: n },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/env$/, handler: getEnv as never, params: n },
  { method: 'PUT', pattern: /^\/api\/apps\/([^/]+)\/env$/, handler: putEnv as never, params: n },
  { method: 'DELETE', pattern: /^\/api\/apps\/([^/]+)\/env\/([^/]+)$/, handler: deleteEnvKey as never, params: ['name', 'key'] },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/deployments$/, handler: getDeployments as never, params: n },
];

async function settled(appName: string) {
  for (let i = 0; i < 240; i++) {
    const app = await db.app.findUniqueOrThrow({ where: { name: appName } });
    const busy = await db.deployment.count({ where: { appId: app.id, status: { in: ['QUEUED', 'RUNNING'] } } });
    if (busy === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('deployments did not finish');
}

describe('operations API with the deploy worker', () => {
  let server: TestServer;
  let stop: () => Promise<void>;
  let owner: TestUser;
  let stranger: TestUser;
  let name: string;

  beforeAll(async () => {
    await buildTestImage();
    server = await startTestServer(routes);
    stop = await startWorkers(['deploys']);
    owner = await createTestUser();
    stranger = await createTestUser();
    const app = await createTestApp(undefined, { members: { create: { userId: owner.id, role: 'OWNER' } } });
    name = app.name;
    await deployTestRelease(app.id, { VERSION: '1' });
  });
  afterAll(async () => {
    await stop?.();
    await server?.close();
    await cleanupInstallation();
  });

  it('lists releases; another team gets 404', async () => {
    const res = await api(server.url, owner.token, 'GET', `/api/apps/${name}/releases`);
    expect(res.status).toBe(200);
    expect(res.json.releases[0]).toMatchObject({ version: 1, status: 'LIVE', current: true });
    expect(JSON.stringify(res.json)).not.toContain('v1:'); // no sealed env
    expect((await api(server.url, stranger.token, 'GET', `/api/apps/${name}/releases`)).status).toBe(404);
    expect((await api(server.url, stranger.token, 'POST', `/api/apps/${name}/scale`, { instances: 0 })).status).toBe(404);
  });

  it('env: validates keys, masks values, deploys the change', async () => {
    const bad = await api(server.url, owner.token, 'PUT', `/api/apps/${name}/env`, { key: 'PORT', value: '1' });
    expect(bad.status).toBe(400);
    const set = await api(server.url, owner.token, 'PUT', `/api/apps/${name}/env`, { key: 'GREETING', value: 'api-secret' });
    expect(set.status).toBe(202);
    await settled(name);
    expect((await viaProxy(name)).body).toContain('greeting=api-secret');
    const masked = await api(server.url, owner.token, 'GET', `/api/apps/${name}/env`);
    expect(JSON.stringify(masked.json)).not.toContain('api-secret');
    const revealed = await api(server.url, owner.token, 'GET', `/api/apps/${name}/env?reveal=1`);
    expect(revealed.json.env).toEqual([expect.objectContaining({ key: 'GREETING', value: 'api-secret' })]);
  });

  it('env batch: several sets and unsets make one release; the single form still works', async () => {
    const count = async () => (await api(server.url, owner.token, 'GET', `/api/apps/${name}/releases`)).json.releases.length;
    const before = await count();
    const bad = await api(server.url, owner.token, 'PUT', `/api/apps/${name}/env`, { vars: { OK: '1', lower: 'x' }, unset: ['PORT'] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['PORT', 'lower']);
    const res = await api(server.url, owner.token, 'PUT', `/api/apps/${name}/env`, {
      vars: { GREETING: 'batch', EXTRA: 'x y' },
      unset: ['VERSION', 'NOT_SET'],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.version).toBe(before + 1);
    await settled(name);
    expect(await count()).toBe(before + 1);
    expect((await viaProxy(name)).body).toContain('version=none greeting=batch');
    const env = await api(server.url, owner.token, 'GET', `/api/apps/${name}/env`);
    expect(env.json.env.map((v: { key: string }) => v.key)).toEqual(['EXTRA', 'GREETING']);
  });

  it('scale API: per type, the old {instances} shape, and 4xx with the reason that change nothing', async () => {
    const scale = (body: unknown) => api(server.url, owner.token, 'POST', `/api/apps/${name}/scale`, body);
    const unknown = await scale({ web: 1, bogus: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({ bogus: 'unknown process type (this app has web)' });
    expect((await scale({ instances: 1, web: 1 })).status).toBe(400);
    expect((await scale({ web: { quantity: 1, tier: 'huge' } })).status).toBe(400);
    expect((await scale({})).status).toBe(400);
    const tooBig = await scale({ web: { quantity: 20, tier: 'large' } });
    expect(tooBig.status).toBe(409);
    expect(tooBig.json.error.message).toMatch(/requests 1 CPU and 1 GB memory; .* allocatable/);
    const formation = await api(server.url, owner.token, 'GET', `/api/apps/${name}/formation`);
    expect(formation.status).toBe(200);
    expect(formation.json.formation.types).toEqual([expect.objectContaining({ type: 'web', quantity: 1, tier: 'small', fromAppJson: false })]);
    expect(formation.json.formation.tiers[0]).toEqual({ name: 'small', cpuRequest: 50, cpuLimit: 500, memoryRequestMb: 64, memoryLimitMb: 256 });
    // Nothing changed: no scale ran or is queued. The capacity refusal is kept only as a FAILED
    // record (step "placement") so the app page can show it until a newer success (issue #16).
    const scales = await db.deployment.findMany({ where: { kind: 'SCALE' }, select: { status: true, failedStep: true } });
    expect(scales).toEqual([{ status: 'FAILED', failedStep: 'placement' }]);
    expect((await api(server.url, stranger.token, 'GET', `/api/apps/${name}/formation`)).status).toBe(404);
  });

  it('scale via the API and rollback to v1 (image and env)', async () => {
    expect((await api(server.url, owner.token, 'POST', `/api/apps/${name}/scale`, { instances: 99 })).status).toBe(400);
    expect((await api(server.url, owner.token, 'POST', `/api/apps/${name}/scale`, { instances: 2 })).status).toBe(202);
    await settled(name);
    expect(await runningContainers(name)).toHaveLength(2);
    const rb = await api(server.url, owner.token, 'POST', `/api/apps/${name}/rollback`, { version: 1 });
    expect(rb.status, JSON.stringify(rb.json)).toBe(202);
    await settled(name);
    expect((await viaProxy(name)).body).toContain('version=1 greeting=\n');
    const env = await api(server.url, owner.token, 'GET', `/api/apps/${name}/env`);
    // Env vars restored to v1's snapshot: VERSION only, no GREETING.
    expect(env.json.env.map((v: { key: string }) => v.key)).toEqual(['VERSION']);
    const deployments = await api(server.url, owner.token, 'GET', `/api/apps/${name}/deployments`);
    // Every operation that ran succeeded; the only other row is the earlier capacity refusal.
    const notSucceeded = deployments.json.deployments.filter((d: { status: string }) => d.status !== 'SUCCEEDED');
    expect(notSucceeded.map((d: { kind: string; status: string }) => `${d.kind} ${d.status}`)).toEqual(['SCALE FAILED']);
  });
});
