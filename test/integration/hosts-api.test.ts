import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteHostRoute, GET as getHostRoute, PATCH as patchHost } from '../../app/api/hosts/[id]/route';
import { GET as listHosts, POST as postHost } from '../../app/api/hosts/route';
import { db } from '../../lib/db';
import { heartbeatHost } from '../../lib/hosts/heartbeat';
import { api } from '../../scripts/harness/berth-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, type TestUser } from '../../scripts/harness/users';
import { startEngine, stopEngine, type Engine } from '../../scripts/harness/extra-engines';

/**
 * /api/hosts over HTTP with real tokens, against a real Docker engine that only accepts
 * tcp:// with TLS client certificates (an extra dockerd with --tlsverify).
 */
const TLS_PORT = 23763;
let server: TestServer;
let admin: TestUser;
let dev: TestUser;
let engine: Engine;
let tls: { ca: string; cert: string; key: string };
const engineUrl = () => `tcp://${engine.address}:${TLS_PORT}`;

describe('/api/hosts', () => {
  beforeAll(async () => {
    engine = await startEngine('tls1', 3, { TLS_PORT: String(TLS_PORT) });
    const read = (f: string) => readFileSync(path.join(engine.root, 'tls', f), 'utf8');
    tls = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
    server = await startTestServer([
      { method: 'GET', pattern: /^\/api\/hosts$/, handler: listHosts },
      { method: 'POST', pattern: /^\/api\/hosts$/, handler: postHost },
      { method: 'GET', pattern: /^\/api\/hosts\/([^/]+)$/, handler: getHostRoute as never, params: ['id'] },
      { method: 'PATCH', pattern: /^\/api\/hosts\/([^/]+)$/, handler: patchHost as never, params: ['id'] },
      { method: 'DELETE', pattern: /^\/api\/hosts\/([^/]+)$/, handler: deleteHostRoute as never, params: ['id'] },
    ]);
    admin = await createTestUser('ADMIN');
    dev = await createTestUser('DEVELOPER');
  });

  afterAll(async () => {
    await server?.close();
    if (engine) await db.host.deleteMany({ where: { dockerUrl: engineUrl() } });
    if (engine) await stopEngine(engine);
  });

  it('adds a tcp:// host with TLS client certificates, never shows them, and manages it', async () => {
    const name = `tls-${Math.random().toString(36).slice(2, 8)}`;
    const body = {
      name,
      dockerUrl: engineUrl(),
      tls,
      address: engine.address,
      labels: { zone: 'tls' },
      portRange: '45000-45049',
    };
    expect((await api(server.url, dev.token, 'POST', '/api/hosts', body)).status).toBe(403);
    // Plain tcp:// is refused unless forced (test/security/docker-hosts.test.ts); forced, the
    // engine itself refuses a client without its certificate.
    const noTls = await api(server.url, admin.token, 'POST', '/api/hosts', { ...body, tls: undefined });
    expect(noTls.status).toBe(400);
    const forced = await api(server.url, admin.token, 'POST', '/api/hosts', { ...body, tls: undefined, force: true });
    expect(forced.status).toBe(503);
    expect(forced.json.error.message).toContain(`Cannot reach Docker at ${engineUrl()}`);
    expect((await api(server.url, admin.token, 'POST', '/api/hosts', { ...body, name: 'Bad Name' })).status).toBe(400);

    const created = await api(server.url, admin.token, 'POST', '/api/hosts', body);
    expect(created.status).toBe(201);
    const host = created.json.host;
    expect(host).toMatchObject({ name, status: 'READY', hasTls: true, labels: { zone: 'tls' }, portRange: { start: 45000, end: 45049 } });
    expect(host.capacity.cpu).toBeGreaterThan(0);
    expect(JSON.stringify(created.json)).not.toContain('PRIVATE KEY');
    const row = await db.host.findUniqueOrThrow({ where: { id: host.id } });
    expect(row.tls).toMatch(/^v1:/); // encrypted at rest
    expect(row.tls).not.toContain('PRIVATE KEY');
    expect((await heartbeatHost(row)).ok).toBe(true);

    const asDev = await api(server.url, dev.token, 'GET', '/api/hosts');
    expect(asDev.status).toBe(200);
    const seen = asDev.json.hosts.find((h: { id: string }) => h.id === host.id);
    expect(seen.dockerUrl).toBeNull();
    // Request, limit and measured use side by side; requests may reach allocatable × overcommit.
    expect(seen).toMatchObject({
      requested: { cpu: 0, memoryMb: 0 },
      limits: { cpu: 0, memoryMb: 0, cpuUnlimited: 0 },
      used: { cpu: 0, memoryMb: 0 },
      allocatable: { cpu: host.capacity.cpu - host.reserve.cpu, memoryMb: host.capacity.memoryMb - host.reserve.memoryMb },
      overcommit: { own: false },
    });
    const ratio = await api(server.url, admin.token, 'PATCH', `/api/hosts/${host.id}`, { cpuOvercommit: 3, memoryOvercommit: 1.5 });
    expect(ratio.json.host).toMatchObject({
      overcommit: { cpu: 3, memory: 1.5, own: true },
      requestable: { cpu: 3 * seen.allocatable.cpu, memoryMb: Math.floor(1.5 * seen.allocatable.memoryMb) },
      free: { cpu: 3 * seen.allocatable.cpu },
    });
    const under = await api(server.url, admin.token, 'PATCH', `/api/hosts/${host.id}`, { cpuOvercommit: 0.5 });
    expect(under.status).toBe(400);
    expect(under.json.error.fields.cpuOvercommit).toMatch(/at least 1/);
    expect((await api(server.url, admin.token, 'PATCH', `/api/hosts/${host.id}`, { cpuOvercommit: null })).json.host.overcommit.own).toBe(true);
    expect((await api(server.url, admin.token, 'GET', `/api/hosts/${host.id}`)).json.host.dockerUrl).toBe(body.dockerUrl);

    expect((await api(server.url, dev.token, 'PATCH', `/api/hosts/${host.id}`, { action: 'drain' })).status).toBe(403);
    const drained = await api(server.url, admin.token, 'PATCH', `/api/hosts/${host.id}`, { action: 'drain', labels: { zone: 'x' } });
    expect(drained.json.host).toMatchObject({ status: 'DRAINING', labels: { zone: 'x' } });
    expect((await api(server.url, admin.token, 'PATCH', `/api/hosts/${host.id}`, { action: 'explode' })).status).toBe(400);

    expect((await api(server.url, dev.token, 'DELETE', `/api/hosts/${host.id}`)).status).toBe(403);
    expect((await api(server.url, admin.token, 'DELETE', `/api/hosts/${host.id}`)).status).toBe(204);
    expect((await api(server.url, admin.token, 'GET', `/api/hosts/${host.id}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/hosts`)).status).toBe(401);
  });
});
