import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('a required variable that is unset fails the push naming it; defaults are applied; set it and push again', async () => {
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

    const env = await api(stack.server.url, stack.user.token, 'GET', `/api/apps/${name}/env?reveal=1`);
    expect(env.json.env).toEqual([expect.objectContaining({ key: 'GREETING', value: 'hello-default' })]);
    const set = await api(stack.server.url, stack.user.token, 'PUT', `/api/apps/${name}/env`, { vars: { SECRET_TOKEN: 's3' } });
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
