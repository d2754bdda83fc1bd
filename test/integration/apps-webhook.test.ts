import { createHmac, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { appsApiRoutes, api } from '../../scripts/harness/berth-api';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';

// The remote is a local file:// repository; production only accepts https:// remotes.
process.env.BERTH_ALLOW_INSECURE_REMOTES = 'true';

/** Webhook deploys: HMAC-signed GitHub/Gitea push → fetch from the remote → WEBHOOK build. */
describe('push webhook', () => {
  let server: TestServer;
  let user: TestUser;
  let secret: string;
  let remote: string;
  let work: string;
  const name = randomAppName('w');

  beforeAll(async () => {
    server = await startBerthServer(appsApiRoutes);
    user = await createTestUser();
    expect((await api(server.url, user.token, 'POST', '/api/apps', { name, template: 'php' })).status).toBe(201);
    // A "hosted elsewhere" copy of the repository with one more commit.
    const dir = await tempDir();
    remote = path.join(dir, 'remote.git');
    work = path.join(dir, 'w');
    expect((await runGit(['clone', '--bare', `${server.url}/git/${name}.git`, remote], { token: user.token })).code).toBe(0);
    expect((await runGit(['clone', remote, work])).code).toBe(0);
    await writeFile(path.join(work, 'index.php'), '<?php echo "from the webhook";');
    await runGit(['commit', '-am', 'Webhook change'], { cwd: work });
    expect((await runGit(['push', 'origin', 'main'], { cwd: work })).code).toBe(0);

    const bad = await api(server.url, user.token, 'PATCH', `/api/apps/${name}/webhook`, { remoteUrl: 'ftp://example.com/x.git' });
    expect(bad.status).toBe(400);
    const set = await api(server.url, user.token, 'PATCH', `/api/apps/${name}/webhook`, { remoteUrl: `file://${remote}` });
    expect(set.status).toBe(200);
    secret = set.json.secret;
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    expect(set.json.webhookUrl).toMatch(new RegExp(`/api/apps/${name}/webhook$`));
  });
  afterAll(async () => server?.close());

  const head = async () => (await runGit(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
  // Every delivery carries its own id, as GitHub and Gitea send (test/security/webhooks.test.ts: replays).
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/api/apps/${name}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-delivery': randomUUID(), ...headers },
      body,
    });
  const sign = (body: string, key = secret) => createHmac('sha256', key).update(body).digest('hex');

  it('rejects a bad or missing signature with 401 and queues nothing', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', after: await head() });
    const before = await db.build.count({ where: { app: { name } } });
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'x-hub-signature-256': `sha256=${sign(body, 'wrong')}`, 'x-github-event': 'push' })).status).toBe(401);
    expect((await post(body, { 'x-gitea-signature': sign(`${body} `) })).status).toBe(401);
    expect(await db.build.count({ where: { app: { name } } })).toBe(before);
  });

  it('a GitHub-signed push fetches the commit and queues a WEBHOOK build', async () => {
    const sha = await head();
    const body = JSON.stringify({ ref: 'refs/heads/main', after: sha, head_commit: { message: 'Webhook change', author: { name: 'T' } } });
    const res = await post(body, { 'x-hub-signature-256': `sha256=${sign(body)}`, 'x-github-event': 'push' });
    expect(res.status).toBe(202);
    const build = await db.build.findFirstOrThrow({ where: { app: { name } }, orderBy: { number: 'desc' } });
    expect(build).toMatchObject({ trigger: 'WEBHOOK', commitSha: sha, status: 'QUEUED' });
    const repo = await db.repository.findFirstOrThrow({ where: { app: { name } } });
    expect(repo.headCommit).toBe(sha);
    // The commit is now in Berth's own repository.
    const dir = await tempDir();
    expect((await runGit(['clone', `${server.url}/git/${name}.git`, path.join(dir, 'c')], { token: user.token })).code).toBe(0);
    expect((await runGit(['rev-parse', 'HEAD'], { cwd: path.join(dir, 'c') })).stdout.trim()).toBe(sha);
  });

  it('a Gitea-signed push to another branch is ignored; ping is answered', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/feature', after: await head() });
    const res = await post(body, { 'x-gitea-signature': sign(body), 'x-gitea-event': 'push' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
    const ping = JSON.stringify({ zen: 'hi' });
    expect((await post(ping, { 'x-hub-signature-256': `sha256=${sign(ping)}`, 'x-github-event': 'ping' })).status).toBe(200);
  });

  it('a signed push of a commit the remote does not have is refused', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', after: 'f'.repeat(40) });
    const res = await post(body, { 'x-hub-signature-256': `sha256=${sign(body)}`, 'x-github-event': 'push' });
    expect(res.status).toBe(400);
  });
});
