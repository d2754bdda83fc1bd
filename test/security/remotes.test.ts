import { createHmac, randomUUID } from 'node:crypto';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { fetchFromRemote } from '../../lib/git/fetch-remote';
import { repoDir } from '../../lib/git/repo-path';
import { appsApiRoutes, api } from '../../scripts/harness/berth-api';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import { listener } from './support';

// Production setting: no insecure remotes (the other test files allow them for local remotes).
process.env.BERTH_ALLOW_INSECURE_REMOTES = 'false';

/**
 * Finding 9: `remoteUrl` could point at internal hosts (Berth fetches it from its own machine)
 * and git's stderr was echoed back, which made webhooks an internal port scanner.
 */
describe('webhook remotes', () => {
  let server: TestServer;
  let user: TestUser;
  let secret: string;
  let internal: Awaited<ReturnType<typeof listener>>;
  const name = randomAppName('m');

  beforeAll(async () => {
    server = await startBerthServer(appsApiRoutes);
    user = await createTestUser();
    expect((await api(server.url, user.token, 'POST', '/api/apps', { name, template: 'php' })).status).toBe(201);
    secret = (await api(server.url, user.token, 'GET', `/api/apps/${name}/webhook`)).json.secret;
    internal = await listener('127.0.0.1');
  });
  afterAll(async () => {
    await internal?.close();
    await server?.close();
  });

  const ownAddress = () =>
    Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';

  it('refuses remotes on loopback, private, link-local, mapped and local addresses', async () => {
    const urls = [
      `https://127.0.0.1:${internal.port}/x.git`,
      `https://localhost:${internal.port}/x.git`,
      'https://[::1]/x.git',
      'https://[::ffff:127.0.0.1]/x.git',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.1.2.3/x.git',
      'https://172.17.0.1/x.git',
      'https://192.168.1.1/x.git',
      `https://${ownAddress()}:3000/x.git`,
      `http://203.0.113.9/x.git`, // not https
      `file:///var/lib/berth/repos/other.git`,
    ];
    for (const remoteUrl of urls) {
      const res = await api(server.url, user.token, 'PATCH', `/api/apps/${name}/webhook`, { remoteUrl });
      expect(res.status, remoteUrl).toBe(400);
      expect(res.json.error.message, remoteUrl).toMatch(/Remote URL (refused|must use https)/);
    }
    expect(internal.hits()).toBe(0);
    expect((await db.app.findUniqueOrThrow({ where: { name } })).remoteUrl).toBeNull();
  });

  it('a signed webhook for an internal remote stored earlier is refused before any connection', async () => {
    await db.app.update({ where: { name }, data: { remoteUrl: `https://127.0.0.1:${internal.port}/x.git` } });
    const body = JSON.stringify({ ref: 'refs/heads/main', after: 'a'.repeat(40) });
    const res = await fetch(`${server.url}/api/apps/${name}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/Remote URL refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1/);
    expect(internal.hits()).toBe(0);
    await db.app.update({ where: { name }, data: { remoteUrl: null } });
  });

  it("git's error output is never returned: an open and a closed port look the same", async () => {
    // Even where the admin allows internal remotes, the caller learns nothing about the target.
    const closedPort = await listener('127.0.0.1').then(async (l) => (await l.close(), l.port));
    const attempt = (port: number) =>
      fetchFromRemote({
        gitdir: repoDir(name),
        remoteUrl: `http://127.0.0.1:${port}/x.git`,
        branch: 'main',
        commitSha: 'b'.repeat(40),
        allowInsecure: true,
      }).then(
        () => 'fetched',
        (error: Error) => error.message,
      );
    const open = await attempt(internal.port);
    const closed = await attempt(closedPort);
    expect(internal.hits()).toBeGreaterThan(0); // it did connect: the allowance works
    expect(open).toBe(closed);
    expect(open).not.toMatch(/refused|returned error|127\.0\.0\.1|port|fatal|HTTP/i);
  });
});
