import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { renewDueCertificates } from '../../lib/domains/renew-due-certificates';
import { nginxFiles, stopNginx } from '../../lib/proxy/nginx';
import { ensureProxy } from '../../lib/proxy/sync-proxy';
import { api } from '../../scripts/harness/berth-api';
import { domainsApiRoutes } from './harness/domains-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import { startPebble, type Pebble } from './support/pebble';
import { createRoutedApp, type RoutedApp } from './support/routed-app';
import { curlHttp, curlHttps, peerCertificate } from './support/tls-client';

/**
 * ACME end to end against Debian's pebble (a real ACME server started here, loopback only):
 * HTTP-01 is fetched by pebble from Berth's edge nginx, hostnames resolve to 127.0.0.1 through
 * pebble-challtestsrv. Issuance by the renewal pass, renewal 30 days before expiry with an
 * injected clock, a failed renewal (nginx down) recorded as an event while the old certificate
 * keeps serving, and the Renew button's API.
 */
const DAY = 86_400_000;
let pebble: Pebble;
let server: TestServer;
let user: TestUser;
let app: RoutedApp;
let rootFile: string;
const host = () => `${app.name}.acme.example.test`;
const tlsPort = () => config().BERTH_PROXY_TLS_PORT;

const berthHost = `berth-${Math.random().toString(36).slice(2, 8)}.example.test`;
const mine = (outcomes: { hostname: string }[]) => outcomes.filter((o) => o.hostname === host());

beforeAll(async () => {
  // The edge's HTTP port is where pebble validates; set before Berth's config is first read.
  pebble = await startPebble({ httpPort: Number(process.env.BERTH_PROXY_PORT) });
  // The in-process API server stands in for Berth's web process behind the edge.
  server = await startTestServer(domainsApiRoutes);
  process.env.BERTH_ACME_DIRECTORY_URL = pebble.directoryUrl;
  process.env.BERTH_ACME_CA_FILE = pebble.tlsCaFile;
  process.env.BERTH_PUBLIC_URL = `https://${berthHost}:${process.env.BERTH_PROXY_TLS_PORT}`;
  process.env.BERTH_EDGE_UI_UPSTREAM = `127.0.0.1:${server.port}`;
  expect(config().BERTH_ACME_DIRECTORY_URL).toBe(pebble.directoryUrl);
  user = await createTestUser();
  app = await createRoutedApp(randomAppName('acme'), { memberId: user.id });
  await ensureProxy();
  rootFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'berth-pebble-root-')), 'root.pem');
  await writeFile(rootFile, await pebble.issuingRoot());
});
afterAll(async () => {
  await stopNginx(nginxFiles());
  await app?.close();
  await server?.close();
  await pebble?.stop();
});

async function certRow() {
  return db.certificate.findFirstOrThrow({ where: { route: { hostname: host() } } });
}

describe('ACME certificates (pebble)', () => {
  it('adds a domain pending DNS, then the renewal pass issues its certificate over HTTP-01', async () => {
    const res = await api(server.url, user.token, 'POST', `/api/apps/${app.name}/domains`, { hostname: host() });
    expect(res.status).toBe(201);
    expect(res.json.domain.certificate).toMatchObject({ source: 'acme', status: 'pending_dns', notAfter: null });
    expect(res.json.domain.httpsUrl).toBeNull();

    const outcomes = await renewDueCertificates(new Date());
    expect(mine(outcomes)).toEqual([{ hostname: host(), ok: true, renewed: false }]);
    const got = await curlHttps({ hostname: host(), port: tlsPort(), caFile: rootFile });
    expect(got.status).toBe(200);
    expect(got.body).toBe(`hello ${app.name} /\n`);

    const list = await api(server.url, user.token, 'GET', `/api/apps/${app.name}/domains`);
    const domain = list.json.domains.find((d: { hostname: string }) => d.hostname === host());
    expect(domain.certificate).toMatchObject({ source: 'acme', status: 'issued', names: [host()], lastError: null });
    expect(domain.httpsUrl).toBe(`https://${host()}:${tlsPort()}`);
    expect(await db.event.count({ where: { appId: app.id, kind: 'certificate.issued' } })).toBe(1);
    // Pebble really fetched the answer from Berth's nginx (access log flushes every second).
    await new Promise((r) => setTimeout(r, 1_500));
    const log = await readFile(path.join(nginxFiles().dir, 'access.log'), 'utf8');
    expect(log).toMatch(new RegExp(`"host":"${host().replace(/\./g, '\\.')}","method":"GET","uri":"/\\.well-known/acme-challenge/[A-Za-z0-9_-]+","status":200`));
    // Nothing is due until 30 days before expiry.
    expect(await renewDueCertificates(new Date())).toEqual([]);
  });

  it('renews 30 days before expiry (injected clock) and serves the new certificate', async () => {
    const before = await certRow();
    const notAfter = before.notAfter!;
    expect(mine(await renewDueCertificates(new Date(notAfter.getTime() - 31 * DAY)))).toEqual([]);
    const outcomes = await renewDueCertificates(new Date(notAfter.getTime() - 29 * DAY));
    expect(mine(outcomes)).toEqual([{ hostname: host(), ok: true, renewed: true }]);
    const after = await certRow();
    expect(after.fingerprint).not.toBe(before.fingerprint);
    const served = await peerCertificate({ servername: host(), port: tlsPort(), ca: await pebble.issuingRoot() });
    expect(served.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(after.fingerprint);
    expect(await db.event.count({ where: { appId: app.id, kind: 'certificate.renewed' } })).toBe(1);
  });

  it('records a failed renewal as an event, backs off, and keeps serving the old certificate', async () => {
    const before = await certRow();
    const now = new Date(before.notAfter!.getTime() - 10 * DAY);
    await stopNginx(nginxFiles()); // pebble cannot fetch the HTTP-01 answer
    const outcomes = mine(await renewDueCertificates(now));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ hostname: host(), ok: false, renewed: false });
    const failed = await certRow();
    expect(failed).toMatchObject({ status: 'ISSUED', fingerprint: before.fingerprint, failures: 1 });
    console.log(`renewal failure recorded: ${failed.lastError}`);
    expect(failed.lastError).toMatch(/connect|refused/i);
    expect(failed.nextAttemptAt!.getTime()).toBe(now.getTime() + 60_000);
    const event = await db.event.findFirstOrThrow({ where: { appId: app.id, kind: 'certificate.renew_failed' } });
    expect(event.message).toContain(host());
    // Backing off: the same moment again orders nothing.
    expect(mine(await renewDueCertificates(now))).toEqual([]);

    await ensureProxy();
    const served = await peerCertificate({ servername: host(), port: tlsPort(), ca: await pebble.issuingRoot() });
    expect(served.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(before.fingerprint);
    const list = await api(server.url, user.token, 'GET', `/api/apps/${app.name}/domains`);
    const domain = list.json.domains.find((d: { hostname: string }) => d.hostname === host());
    expect(domain.certificate.status).toBe('issued');
    expect(domain.certificate.lastError).toBe(failed.lastError);
  });

  it('renews on demand through the API (the Renew button)', async () => {
    const before = await certRow();
    const res = await api(server.url, user.token, 'POST', `/api/apps/${app.name}/domains/${host()}/renew`);
    expect(res.status).toBe(200);
    expect(res.json.domain.certificate).toMatchObject({ status: 'issued', lastError: null });
    const after = await certRow();
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(after.failures).toBe(0);
    expect((await curlHttps({ hostname: host(), port: tlsPort(), caFile: rootFile })).status).toBe(200);
  });
});

describe("Berth's own UI, API and git behind the edge (BERTH_EDGE_UI_UPSTREAM)", () => {
  it('is served over HTTPS on the public hostname with an ACME certificate; plain HTTP redirects', async () => {
    // The certificate was ordered by the first renewal pass above, together with the app's.
    const row = await db.certificate.findUniqueOrThrow({ where: { hostname: berthHost } });
    expect(row).toMatchObject({ source: 'ACME', status: 'ISSUED', routeId: null });
    const res = await curlHttps({
      hostname: berthHost,
      port: tlsPort(),
      caFile: rootFile,
      path: `/api/apps/${app.name}/domains`,
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).domains.length).toBe(2);
    const plain = await curlHttp({ hostname: berthHost, port: config().BERTH_PROXY_PORT, path: '/git/x.git/info/refs' });
    expect(plain.status).toBe(308);
    expect(plain.headers).toMatch(new RegExp(`location: https://${berthHost.replace(/\./g, '\\.')}:${tlsPort()}/git/x\\.git/info/refs`, 'i'));
  });
});
