import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHostname } from '../../lib/model/app-url';
import { db } from '../../lib/db';
import { repoDir } from '../../lib/git/repo-path';
import { appsApiRoutes, api } from '../../scripts/harness/berth-api';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';

/** POST/GET/DELETE /api/apps: validation, authorization, atomic creation. No workers needed. */
describe('apps API', () => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startBerthServer(appsApiRoutes);
    alice = await createTestUser();
    bob = await createTestUser();
    admin = await createTestUser('ADMIN');
  });
  afterAll(async () => server?.close());

  it.each(['a;rm -rf /', '$(id)', '../x', '-h', 'Shop', 'x'.repeat(64), 'www', 'api'])(
    'rejects the name %j with 400 and a per-field message, creating nothing',
    async (name) => {
      const before = await db.app.count();
      const res = await api(server.url, alice.token, 'POST', '/api/apps', { name, template: 'php' });
      expect(res.status).toBe(400);
      expect(res.json.error.fields.name).toBeTruthy();
      expect(await db.app.count()).toBe(before);
    },
  );

  it('rejects an unknown template and bad tier with per-field messages', async () => {
    const res = await api(server.url, alice.token, 'POST', '/api/apps', { name: randomAppName(), template: 'cobol', tier: 'huge' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toMatchObject({ template: expect.any(String), tier: expect.any(String) });
  });

  it('needs a signed-in user', async () => {
    const res = await fetch(`${server.url}/api/apps`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('creates the app, membership, repository, route, first build and event in one go', async () => {
    const name = randomAppName();
    const res = await api(server.url, alice.token, 'POST', '/api/apps', { name, template: 'node', tier: 'medium' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual(['gitUrl', 'name', 'status', 'template', 'url']);
    const app = await db.app.findUniqueOrThrow({
      where: { name },
      include: { members: true, repository: true, routes: true, builds: true },
    });
    expect(app).toMatchObject({ template: 'NODE', tier: 'MEDIUM' });
    expect(app.members).toEqual([expect.objectContaining({ userId: alice.id, role: 'OWNER' })]);
    expect(app.routes.map((r) => r.hostname)).toEqual([appHostname(name)]);
    expect(app.builds).toEqual([expect.objectContaining({ trigger: 'CREATE', commitSha: app.repository!.headCommit })]);
    expect(app.webhookSecret).toMatch(/^v1:/); // encrypted at rest
    expect(existsSync(`${repoDir(name)}/HEAD`)).toBe(true);
    expect(await db.event.count({ where: { appId: app.id, kind: 'app.create' } })).toBe(1);

    // Visibility: the owner and admins see it; another developer gets 404 (not 403).
    expect((await api(server.url, alice.token, 'GET', `/api/apps/${name}`)).status).toBe(200);
    expect((await api(server.url, admin.token, 'GET', `/api/apps/${name}`)).status).toBe(200);
    expect((await api(server.url, bob.token, 'GET', `/api/apps/${name}`)).status).toBe(404);
    expect((await api(server.url, bob.token, 'DELETE', `/api/apps/${name}?confirm=${name}`)).status).toBe(404);
    const bobList = await api(server.url, bob.token, 'GET', '/api/apps');
    expect(bobList.json.apps.map((a: { name: string }) => a.name)).not.toContain(name);
    const aliceList = await api(server.url, alice.token, 'GET', `/api/apps?search=${name}`);
    expect(aliceList.json.apps).toEqual([expect.objectContaining({ name, status: 'building' })]);

    expect((await api(server.url, alice.token, 'POST', '/api/apps', { name, template: 'php' })).status).toBe(409);
  });

  it('leaves nothing half-created when the transaction fails (no row, no repository directory)', async () => {
    const name = randomAppName();
    // Another app already owns the route hostname: the insert fails inside the transaction.
    const squatter = await db.app.create({ data: { name: randomAppName('sq'), template: 'PHP' } });
    await db.route.create({ data: { appId: squatter.id, hostname: appHostname(name) } });
    const res = await api(server.url, alice.token, 'POST', '/api/apps', { name, template: 'php' });
    expect(res.status).toBe(409);
    expect(await db.app.findUnique({ where: { name } })).toBeNull();
    expect(existsSync(repoDir(name))).toBe(false);
  });
});
