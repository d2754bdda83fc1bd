import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET as getEnv, PUT as putEnv } from '../../app/api/apps/[name]/env/route';
import { db } from '../../lib/db';
import { api } from '../../scripts/harness/berth-api';
import { useBerthStack } from './harness/berth-stack';
import { getThroughProxy, waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { randomAppName } from '../../scripts/harness/users';

/**
 * Dokku/Heroku-shaped apps (fixtures written by us in the shape of Dokku's test apps) deploy by
 * push: a Procfile-only Python app with no requirements.txt, and a static site (index.html +
 * .static + static.json with clean_urls and a custom 404).
 */
const FIXTURES = path.join(import.meta.dirname, '../fixtures/apps');

async function replaceWith(work: string, fixture: string, marker: string) {
  for (const entry of await readdir(work)) if (entry !== '.git') await rm(path.join(work, entry), { recursive: true, force: true });
  await cp(path.join(FIXTURES, fixture), work, { recursive: true });
  for (const file of ['web.py', 'index.html']) {
    const p = path.join(work, file);
    const text = await readFile(p, 'utf8').catch(() => null);
    if (text !== null) await writeFile(p, text.replaceAll('MARKER', marker));
  }
}

describe('Dokku-style apps deploy by git push', () => {
  const stack = useBerthStack();

  async function createAndPush(template: string, fixture: string, starterText: string) {
    const name = randomAppName(template[0]);
    const res = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    stack.apps.push(name);
    const live = await waitForApp(name, (r) => r.status === 200 && r.body.includes(starterText), { timeoutMs: 240_000 });
    expect(live.body, await diagnose(name)).toContain(starterText);

    const work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
    const marker = `Marker${Math.random().toString(36).slice(2, 10)}`;
    await replaceWith(work, fixture, marker);
    expect((await runGit(['add', '-A'], { cwd: work })).code).toBe(0);
    expect((await runGit(['commit', '-m', `Dokku ${fixture}`], { cwd: work })).code).toBe(0);
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 200_000 });
    expect(push.code, push.stderr).toBe(0);
    return { name, marker, push };
  }

  it('python: Procfile `web: python3 -u web.py`, web.py, no requirements.txt', async () => {
    const { name, marker, push } = await createAndPush('python', 'dokku-python', 'Hello from Python');
    expect(push.stderr).toMatch(/web\.py found: python template/);
    expect(push.stderr).toMatch(/Live at http:\/\//);
    const served = await getThroughProxy(name);
    expect(served.status).toBe(200);
    expect(served.body).toMatch(new RegExp(`^python/http\\.server 3\\.\\d+\\.\\d+ ${marker}`));
  }, 300_000);

  it('static: the starter, then index.html + .static + static.json (clean_urls, custom 404)', async () => {
    const { name, marker, push } = await createAndPush('static', 'dokku-static', 'Hello from a static site');
    expect(push.stderr).toMatch(/Building static app/);
    expect((await getThroughProxy(name)).body).toContain(`static site ${marker}`);
    const about = await getThroughProxy(name, '/about');
    expect(about.status).toBe(200);
    expect(about.body).toContain('about page');
    const missing = await getThroughProxy(name, '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('custom not found');
  }, 300_000);
});

describe('app.json env: defaults and required variables', () => {
  const stack = useBerthStack();

  it('required env fails the push naming it; defaults applied; a failing postdeploy keeps the old release; then live', async () => {
    const name = randomAppName('j');
    const res = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'python' });
    expect(res.status).toBe(201);
    stack.apps.push(name);
    await waitForApp(name, (r) => r.status === 200 && r.body.includes('Hello from Python'), { timeoutMs: 240_000 });

    const work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
    const marker = `Marker${Math.random().toString(36).slice(2, 10)}`;
    await replaceWith(work, 'dokku-appjson', marker);
    await runGit(['add', '-A'], { cwd: work });
    await runGit(['commit', '-m', 'app.json'], { cwd: work });
    const failed = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 200_000 });
    expect(failed.stderr).toMatch(/app\.json requires env vars that are not set: SECRET_TOKEN/);
    expect((await getThroughProxy(name)).body).toContain('Hello from Python'); // the starter keeps serving

    // The env routes called in-process (the shared test server mounts only the apps routes).
    const call = (handler: typeof getEnv, method: string, body?: unknown) =>
      handler(
        new Request(`http://127.0.0.1/api/apps/${name}/env?reveal=1`, {
          method,
          headers: { authorization: `Bearer ${stack.user.token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        { params: Promise.resolve({ name }) },
      );
    const env = await (await call(getEnv, 'GET')).json();
    expect(env.env).toEqual([expect.objectContaining({ key: 'GREETING', value: 'hello-default' })]);
    expect((await call(putEnv, 'PUT', { vars: { SECRET_TOKEN: 'wrong' } })).status).toBe(202);

    // postdeploy (`test "$SECRET_TOKEN" = s3`) fails: the deploy fails, the starter keeps serving.
    await runGit(['commit', '--allow-empty', '-m', 'postdeploy fails'], { cwd: work });
    const bad = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 200_000 });
    expect(bad.stderr).toMatch(/postdeploy/);
    const row = await db.app.findUniqueOrThrow({ where: { name }, include: { releases: { orderBy: { version: 'desc' }, take: 1 } } });
    expect(row.releases[0]).toMatchObject({ status: 'FAILED' });
    expect(row.releases[0].failureReason).toMatch(/postdeploy .* exited with 1/);
    expect((await getThroughProxy(name)).body).toContain('Hello from Python');
    const events = await db.event.findMany({ where: { appId: row.id, kind: { in: ['deploy.predeploy', 'deploy.postdeploy'] } } });
    expect(events.map((e) => e.kind).sort()).toEqual(['deploy.postdeploy', 'deploy.predeploy']);

    const set = await call(putEnv, 'PUT', { vars: { SECRET_TOKEN: 's3' } });
    expect(set.status).toBe(202);

    await runGit(['commit', '--allow-empty', '-m', 'again'], { cwd: work });
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 200_000 });
    expect(push.code, push.stderr).toBe(0);
    const served = await waitForApp(name, (r) => r.body.includes(marker), { timeoutMs: 60_000 });
    expect(served.body).toContain(`greeting=hello-default secret=s3 ${marker}`);
  }, 400_000);
});

async function diagnose(name: string): Promise<string> {
  const app = await db.app.findUnique({ where: { name }, include: { builds: true, deployments: true } });
  return JSON.stringify(app, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 1);
}
