import { readFile, readdir, stat, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { nginxFiles, stopNginx } from '../../lib/proxy/nginx';
import { ensureProxy } from '../../lib/proxy/sync-proxy';
import { putChallenge } from '../../lib/tls/acme-challenges';
import { tlsPaths } from '../../lib/tls/paths';
import { createTestCa, createTestKey, createTestLeaf, type TestCa } from '../support/test-certs';
import { api } from '../../scripts/harness/berth-api';
import { domainsApiRoutes } from './harness/domains-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import { createRoutedApp, type RoutedApp } from './support/routed-app';
import { curlHttp, curlHttps, peerCertificate } from './support/tls-client';

/**
 * Custom domains with uploaded certificates through the API and the real edge nginx: served by
 * SNI (curl --resolve --cacert), bad certificates refused with the reason and nothing changed,
 * duplicates 409, unknown names refused at the handshake, redirect + HSTS, in-flight requests
 * across reloads, removal, and the apps-domain wildcard certificate.
 */
const DAY = 86_400_000;
let server: TestServer;
let admin: TestUser;
let dev: TestUser;
let ca: TestCa;
let caFile: string;
let app: RoutedApp;
let other: RoutedApp;
const host = () => `${app.name}-shop.example.test`;
const tlsPort = () => config().BERTH_PROXY_TLS_PORT;

beforeAll(async () => {
  server = await startTestServer(domainsApiRoutes);
  admin = await createTestUser('ADMIN');
  dev = await createTestUser();
  ca = await createTestCa();
  caFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'berth-ca-')), 'ca.pem');
  await writeFile(caFile, ca.certPem);
  app = await createRoutedApp(randomAppName('dom'));
  other = await createRoutedApp(randomAppName('oth'));
  await ensureProxy();
});
afterAll(async () => {
  await stopNginx(nginxFiles());
  await app?.close();
  await other?.close();
  await server?.close();
});

const post = (appName: string, body: unknown, user = admin) => api(server.url, user.token, 'POST', `/api/apps/${appName}/domains`, body);

describe('custom domains with uploaded certificates', () => {
  it('adds a domain and serves its certificate for the SNI name', async () => {
    const leaf = await createTestLeaf(ca, [host()]);
    const res = await post(app.name, { hostname: host().toUpperCase(), certificate: leaf.certPem, chain: leaf.chainPem, privateKey: leaf.keyPem });
    expect(res.status).toBe(201);
    expect(res.json.domain).toMatchObject({
      hostname: host(),
      kind: 'custom',
      httpsUrl: `https://${host()}:${tlsPort()}`,
      dns: { name: host() },
      certificate: { source: 'uploaded', status: 'issued', names: [host()] },
    });
    expect(new Date(res.json.domain.certificate.notAfter).getTime()).toBeGreaterThan(Date.now() + 10 * DAY);

    const got = await curlHttps({ hostname: host(), port: tlsPort(), caFile });
    expect(got.status).toBe(200);
    expect(got.body).toBe(`hello ${app.name} /\n`);

    // Key encrypted at rest; files for nginx 0600 in a 0700 directory.
    const row = await db.certificate.findFirstOrThrow({ where: { route: { hostname: host() } } });
    expect(row.keySealed).toMatch(/^v1:/);
    expect(row.keySealed).not.toContain('PRIVATE KEY');
    const certs = tlsPaths().certs;
    expect((await stat(certs)).mode & 0o777).toBe(0o700);
    const files = await readdir(certs);
    expect(files.filter((f) => f.startsWith(row.id))).toHaveLength(2);
    for (const f of files.filter((f) => f.startsWith(row.id))) expect((await stat(path.join(certs, f))).mode & 0o777).toBe(0o600);

    const list = await api(server.url, admin.token, 'GET', `/api/apps/${app.name}/domains`);
    expect(list.json.domains.map((d: { hostname: string }) => d.hostname)).toEqual([`${app.name}.${config().BERTH_APPS_DOMAIN}`, host()]);
  });

  it('refuses bad certificates with the reason and changes nothing', async () => {
    const conf = await readFile(nginxFiles().conf, 'utf8');
    const name = `${app.name}-bad.example.test`;
    const good = await createTestLeaf(ca, [name]);
    const expired = await createTestLeaf(ca, [name], { notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
    const elsewhere = await createTestLeaf(ca, ['elsewhere.example.test']);
    const cases: [string, Record<string, string>, RegExp][] = [
      ['wrong key', { certificate: good.certPem, privateKey: await createTestKey() }, /^The private key does not match the certificate$/],
      ['expired', { certificate: expired.certPem, privateKey: expired.keyPem }, /^The certificate expired on /],
      ['name not covered', { certificate: elsewhere.certPem, privateKey: elsewhere.keyPem }, /^The certificate does not cover .* \(it is for elsewhere\.example\.test\)$/],
    ];
    for (const [label, body, reason] of cases) {
      const res = await post(app.name, { hostname: name, ...body });
      expect(res.status, label).toBe(400);
      expect(res.json.error.message, label).toMatch(reason);
    }
    expect(await db.route.findUnique({ where: { hostname: name } })).toBeNull();
    expect(await readFile(nginxFiles().conf, 'utf8')).toBe(conf);

    // Replacing the served certificate with a bad one: 400, and the old one keeps serving.
    const before = await peerCertificate({ servername: host(), port: tlsPort(), ca: ca.certPem });
    const res = await api(server.url, admin.token, 'PUT', `/api/apps/${app.name}/domains/${host()}`, { certificate: expired.certPem, privateKey: expired.keyPem });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.certificate).toMatch(/expired/);
    expect((await peerCertificate({ servername: host(), port: tlsPort(), ca: ca.certPem })).fingerprint256).toBe(before.fingerprint256);
    expect(await readFile(nginxFiles().conf, 'utf8')).toBe(conf);
  });

  it('answers 409 for a domain that is taken, and 400 for invalid names', async () => {
    expect((await post(app.name, { hostname: host() })).status).toBe(409);
    const taken = await post(other.name, { hostname: host() });
    expect(taken.status).toBe(409);
    expect(taken.json.error.message).toBe(`${host()} is already used by another app`);
    const domain = config().BERTH_APPS_DOMAIN;
    expect((await post(app.name, { hostname: `${other.name}.${domain}` })).status).toBe(409);
    const under = await post(app.name, { hostname: `www.${other.name}.${domain}` });
    expect(under.status).toBe(409);
    expect(under.json.error.message).toMatch(/belongs to another app/);
    expect((await post(app.name, { hostname: `nobody-${app.name}.${domain}` })).status).toBe(400);
    expect((await post(app.name, { hostname: 'bad_name.example.test' })).status).toBe(400);
    expect((await post(app.name, { hostname: 'x.example.test', certificate: 'pem only' })).json.error.fields).toHaveProperty('privateKey');
  });

  it("hides another team's app (404) and refuses unknown names at the TLS handshake", async () => {
    expect((await post(app.name, { hostname: `${app.name}-dev.example.test` }, dev)).status).toBe(404);
    await expect(peerCertificate({ servername: 'unknown.example.test', port: tlsPort() })).rejects.toThrow(/alert|unrecognized name|handshake|reset/i);
  });

  it('redirects HTTP to HTTPS and sends HSTS when asked, still answering ACME challenges over HTTP', async () => {
    const res = await api(server.url, admin.token, 'PATCH', `/api/apps/${app.name}/domains`, { httpsRedirect: true, hsts: true });
    expect(res.json.settings).toEqual({ httpsRedirect: true, hsts: true, tlsPort: tlsPort() });
    const http = await curlHttp({ hostname: host(), port: config().BERTH_PROXY_PORT, path: '/a?b=1' });
    expect(http.status).toBe(308);
    expect(http.headers).toMatch(new RegExp(`location: https://${host().replace(/\./g, '\\.')}:${tlsPort()}/a\\?b=1`, 'i'));
    // The default name has no certificate: it keeps serving over HTTP.
    expect((await curlHttp({ hostname: `${app.name}.${config().BERTH_APPS_DOMAIN}`, port: config().BERTH_PROXY_PORT })).status).toBe(200);
    const https = await curlHttps({ hostname: host(), port: tlsPort(), caFile });
    expect(https.headers).toMatch(/strict-transport-security: max-age=31536000/i);
    const token = `tok${Math.random().toString(36).slice(2)}abcdefghijkl`;
    await putChallenge(token, `${token}.thumb`);
    const challenge = await curlHttp({ hostname: host(), port: config().BERTH_PROXY_PORT, path: `/.well-known/acme-challenge/${token}` });
    expect(challenge.status).toBe(200);
  });

  it('keeps in-flight requests across the reloads of a certificate change and a new domain', async () => {
    const inflight = Array.from({ length: 4 }, (_, i) =>
      i % 2 === 0
        ? curlHttps({ hostname: host(), port: tlsPort(), caFile, path: '/slow?ms=2500' })
        : curlHttp({ hostname: `${app.name}.${config().BERTH_APPS_DOMAIN}`, port: config().BERTH_PROXY_PORT, path: '/slow?ms=2500' }),
    );
    await new Promise((r) => setTimeout(r, 300)); // requests are at the upstream now
    const fresh = await createTestLeaf(ca, [host()]);
    const put = await api(server.url, admin.token, 'PUT', `/api/apps/${app.name}/domains/${host()}`, { certificate: fresh.certPem + fresh.chainPem, privateKey: fresh.keyPem });
    expect(put.status).toBe(200);
    const second = await createTestLeaf(ca, [`${app.name}-two.example.test`]);
    expect((await post(app.name, { hostname: `${app.name}-two.example.test`, certificate: second.certPem, privateKey: second.keyPem })).status).toBe(201);
    const results = await Promise.all(inflight);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const served = await peerCertificate({ servername: host(), port: tlsPort(), ca: ca.certPem });
    const row = await db.certificate.findFirstOrThrow({ where: { route: { hostname: host() } } });
    expect(served.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(row.fingerprint);
  });

  it('removes a domain: nginx stops serving it', async () => {
    const name = `${app.name}-two.example.test`;
    expect((await api(server.url, admin.token, 'DELETE', `/api/apps/${app.name}/domains/${name}`)).status).toBe(204);
    await expect(peerCertificate({ servername: name, port: tlsPort() })).rejects.toThrow();
    expect((await api(server.url, admin.token, 'DELETE', `/api/apps/${app.name}/domains/${name}`)).status).toBe(404);
    expect(await db.certificate.count({ where: { route: { hostname: name } } })).toBe(0);
  });

  it('serves default app names with the apps-domain wildcard certificate (admins install it)', async () => {
    const domain = config().BERTH_APPS_DOMAIN;
    const wildcard = await createTestLeaf(ca, [`*.${domain}`]);
    const body = { certificate: wildcard.certPem, privateKey: wildcard.keyPem };
    expect((await api(server.url, dev.token, 'PUT', '/api/tls/wildcard', body)).status).toBe(403);
    const wrong = await createTestLeaf(ca, ['*.elsewhere.test']);
    expect((await api(server.url, admin.token, 'PUT', '/api/tls/wildcard', { certificate: wrong.certPem, privateKey: wrong.keyPem })).status).toBe(400);
    const res = await api(server.url, admin.token, 'PUT', '/api/tls/wildcard', body);
    expect(res.status).toBe(200);
    expect(res.json.wildcard).toMatchObject({ installed: true, name: `*.${domain}` });
    // curl refuses `*.localhost` (a wildcard over a single label) whatever the CA, so check the
    // certificate nginx picks by SNI, then the answer with verification off.
    const served = await peerCertificate({ servername: `${other.name}.${domain}`, port: tlsPort() });
    expect(served.subjectaltname).toBe(`DNS:*.${domain}`);
    const got = await curlHttps({ hostname: `${other.name}.${domain}`, port: tlsPort(), caFile: domain.includes('.') ? caFile : null });
    expect(got.body).toBe(`hello ${other.name} /\n`);
    const list = await api(server.url, admin.token, 'GET', `/api/apps/${other.name}/domains`);
    expect(list.json.domains[0].certificate).toMatchObject({ source: 'wildcard', status: 'issued' });
    expect((await api(server.url, admin.token, 'DELETE', '/api/tls/wildcard')).status).toBe(204);
    await expect(peerCertificate({ servername: `${other.name}.${domain}`, port: tlsPort() })).rejects.toThrow();
  });
});
