import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { initRepo } from '../../lib/git/init-repo';
import { repoDir, repoRelativePath } from '../../lib/git/repo-path';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';

/**
 * Git smart HTTP with the real git client against serveGitHttp: auth, membership, path
 * validation and the pre-receive rules. (Push-to-deploy end to end is in apps-push.test.ts.)
 */
describe('git smart HTTP', () => {
  let server: TestServer;
  let owner: TestUser;
  let stranger: TestUser;
  let name: string;

  beforeAll(async () => {
    server = await startBerthServer();
    owner = await createTestUser();
    stranger = await createTestUser();
    name = randomAppName('g');
    // The repository and rows only (no build): this file tests git serving, not deploys.
    await initRepo({
      gitdir: repoDir(name),
      defaultBranch: 'main',
      files: [{ path: 'index.php', content: '<?php echo "hello";' }, { path: 'public/a.txt', content: 'a' }],
      message: 'init',
      author: { name: 'Berth', email: owner.email },
    });
    await db.app.create({
      data: {
        name,
        template: 'PHP',
        members: { create: { userId: owner.id, role: 'OWNER' } },
        repository: { create: { path: repoRelativePath(name) } },
      },
    });
  });
  afterAll(async () => server?.close());

  const cloneUrl = () => `${server.url}/git/${name}.git`;

  it('asks for credentials with 401 + WWW-Authenticate', async () => {
    const res = await fetch(`${cloneUrl()}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('clones the seeded first commit with the real git client', async () => {
    const dir = await tempDir();
    const r = await runGit(['clone', cloneUrl(), path.join(dir, 'w')], { token: owner.token });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'w', 'index.php'), 'utf8')).toContain('hello');
    expect(await readFile(path.join(dir, 'w', 'public', 'a.txt'), 'utf8')).toBe('a');
    const log = await runGit(['log', '--format=%s'], { cwd: path.join(dir, 'w') });
    expect(log.stdout.trim()).toBe('init');
  });

  it("hides another user's repository (404), and rejects a bad token (401)", async () => {
    const basic = (t: string) => ({ authorization: `Basic ${Buffer.from(`x:${t}`).toString('base64')}` });
    const other = await fetch(`${cloneUrl()}/info/refs?service=git-upload-pack`, { headers: basic(stranger.token) });
    expect(other.status).toBe(404);
    const bad = await fetch(`${cloneUrl()}/info/refs?service=git-upload-pack`, { headers: basic('berth_nope') });
    expect(bad.status).toBe(401);
    const dir = await tempDir();
    const r = await runGit(['clone', cloneUrl(), path.join(dir, 'w')], { token: stranger.token });
    expect(r.code).not.toBe(0);
  });

  it.each(['/git/../../etc/passwd', '/git/%2e%2e/x.git/info/refs', '/git/x.git/%2e%2e/%2e%2e/etc/passwd', '/git/NAME.git/objects/info/packs'])(
    'answers 404 for %s',
    async (p) => {
      const res = await rawGet(server.port, p.replace('NAME', name), owner.token);
      expect([403, 404]).toContain(res);
    },
  );

  it('refuses deleting the default branch and refs starting with "-" (pre-receive)', async () => {
    const dir = await tempDir();
    const w = path.join(dir, 'w');
    expect((await runGit(['clone', cloneUrl(), w], { token: owner.token })).code).toBe(0);
    const del = await runGit(['push', 'origin', ':main'], { cwd: w, token: owner.token });
    expect(del.code).not.toBe(0);
    expect(del.stderr).toMatch(/refusing to delete the default branch|deletion of the current branch prohibited/);
    const dash = await runGit(['push', 'origin', 'HEAD:refs/heads/-x'], { cwd: w, token: owner.token });
    expect(dash.code).not.toBe(0);
    expect(dash.stderr).toMatch(/must not start with "-"|rejected|refusing/);
  });

  it('stores pushes to other branches without deploying them, and allows force-push', async () => {
    const dir = await tempDir();
    const w = path.join(dir, 'w');
    expect((await runGit(['clone', cloneUrl(), w], { token: owner.token })).code).toBe(0);
    await writeFile(path.join(w, 'b.txt'), 'b');
    await runGit(['add', '.'], { cwd: w });
    await runGit(['commit', '-m', 'on a branch'], { cwd: w });
    const push = await runGit(['push', 'origin', 'HEAD:refs/heads/feature'], { cwd: w, token: owner.token });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toContain('Stored refs/heads/feature (only main is deployed)');
    expect(await db.build.count({ where: { app: { name } } })).toBe(0);
    await runGit(['commit', '--amend', '-m', 'rewritten'], { cwd: w });
    const force = await runGit(['push', '--force', 'origin', 'HEAD:refs/heads/feature'], { cwd: w, token: owner.token });
    expect(force.code, force.stderr).toBe(0);
  });

  it('never writes the token into logs or event rows', async () => {
    const events = await db.event.findMany();
    const text = JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(text).not.toContain(owner.token);
    const config = await readFile(path.join(repoDir(name), 'config'), 'utf8');
    expect(config).not.toContain(owner.token);
  });
});

/** GET with the raw path exactly as given (fetch would normalise "..", %2e). */
async function rawGet(port: number, rawPath: string, token: string): Promise<number> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: rawPath + (rawPath.includes('info/refs') ? '?service=git-upload-pack' : ''),
        headers: { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
