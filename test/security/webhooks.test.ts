import { createHmac, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { appsApiRoutes, api } from '../../scripts/harness/berth-api';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';

// The remote is a local file:// repository, which only the admin allowance permits.
process.env.BERTH_ALLOW_INSECURE_REMOTES = 'true';

/**
 * Finding 9: a signed webhook delivery could be replayed (no delivery id or timestamp check):
 * every replay fetched and rebuilt, and an old one could roll the app back to an old commit.
 */
describe('webhook replays', () => {
  let server: TestServer;
  let user: TestUser;
  let secret: string;
  let work: string;
  const name = randomAppName('r');

  beforeAll(async () => {
    server = await startBerthServer(appsApiRoutes);
    user = await createTestUser();
    expect((await api(server.url, user.token, 'POST', '/api/apps', { name, template: 'php' })).status).toBe(201);
    const dir = await tempDir();
    const remote = path.join(dir, 'remote.git');
    work = path.join(dir, 'w');
    expect((await runGit(['clone', '--bare', `${server.url}/git/${name}.git`, remote], { token: user.token })).code).toBe(0);
    expect((await runGit(['clone', remote, work])).code).toBe(0);
    const set = await api(server.url, user.token, 'PATCH', `/api/apps/${name}/webhook`, { remoteUrl: `file://${remote}` });
    expect(set.status).toBe(200);
    secret = set.json.secret;
  });
  afterAll(async () => server?.close());

  async function pushRemote(content: string) {
    await writeFile(path.join(work, 'index.php'), `<?php echo "${content}";`);
    await runGit(['commit', '-qam', content], { cwd: work });
    expect((await runGit(['push', '-q', 'origin', 'main'], { cwd: work })).code).toBe(0);
    return (await runGit(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
  }
  const delivery = (sha: string) => {
    const body = JSON.stringify({ ref: 'refs/heads/main', after: sha, head_commit: { message: 'm', author: { name: 'a' } } });
    const headers = {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    };
    return { body, headers };
  };
  const send = async (d: { body: string; headers: Record<string, string> }) => {
    const res = await fetch(`${server.url}/api/apps/${name}/webhook`, { method: 'POST', headers: d.headers, body: d.body });
    return { status: res.status, json: await res.json() };
  };
  const builds = () => db.build.count({ where: { app: { name }, trigger: 'WEBHOOK' } });

  it('the same delivery sent again queues nothing', async () => {
    const d = delivery(await pushRemote('one'));
    expect((await send(d)).status).toBe(202);
    const before = await builds();
    const again = await send(d);
    expect(again).toMatchObject({ status: 200, json: { status: 'ignored', reason: 'duplicate delivery' } });
    expect(await builds()).toBe(before);
  });

  it('a captured delivery with a fresh delivery id (the header is not signed) queues nothing', async () => {
    const d = delivery(await pushRemote('two'));
    expect((await send(d)).status).toBe(202);
    const before = await builds();
    const replay = await send({ body: d.body, headers: { ...d.headers, 'x-github-delivery': randomUUID() } });
    expect(replay.json).toMatchObject({ status: 'ignored', reason: 'duplicate delivery' });
    const { 'x-github-delivery': _id, ...rest } = d.headers;
    void _id;
    const gitea = await send({ body: d.body, headers: { ...rest, 'x-gitea-delivery': randomUUID() } });
    expect(gitea.json).toMatchObject({ status: 'ignored' });
    expect(await builds()).toBe(before);
  });

  it('an old delivery replayed after the window cannot roll the app back', async () => {
    const old = delivery(await pushRemote('three'));
    expect((await send(old)).status).toBe(202);
    await pushRemote('four'); // the remote moves on
    await db.webhookDelivery.deleteMany({ where: { app: { name } } }); // as if the window had passed
    const before = await builds();
    const replay = await send(old);
    expect(replay).toMatchObject({ status: 200, json: { status: 'ignored' } });
    expect(replay.json.reason).toMatch(/is no longer the head of main on the remote/);
    expect(await builds()).toBe(before);
  });

  it('a delivery without a delivery id is refused', async () => {
    const d = delivery(await pushRemote('five'));
    const { 'x-github-delivery': _omit, ...headers } = d.headers;
    void _omit;
    expect((await send({ body: d.body, headers })).status).toBe(400);
  });
});
