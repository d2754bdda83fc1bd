import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { api, readSse } from '../../scripts/harness/berth-api';
import { useBerthStack } from './harness/berth-stack';
import { getThroughProxy, waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { randomAppName } from '../../scripts/harness/users';

/**
 * The heart of Berth, for real: create an app through the API (repository, route, first build),
 * watch it go live through nginx, clone it with git, push a change → new content served and the
 * old not; push a broken build → the old content keeps serving and the push output says why.
 */
describe('create → live → git push → live', () => {
  const stack = useBerthStack();
  const name = randomAppName('p');
  stack.apps.push(name);

  it('creates a PHP app that goes live with the starter page', async () => {
    const created = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'php' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ name, template: 'php', status: 'building' });
    expect(created.json.gitUrl).toMatch(new RegExp(`/git/${name}\\.git$`));
    expect(created.json.url).toMatch(new RegExp(`^http://${name}\\.`));
    // The UI's progress stream: state from Postgres first, then build log → release → live.
    const events = await readSse(`${stack.server.url}/api/apps/${name}/progress`, stack.user.token, (e) => e.event === 'end');
    expect(events[0]).toMatchObject({ event: 'snapshot', data: { name } });
    expect(events.some((e) => e.event === 'log')).toBe(true);
    expect(events.some((e) => e.event === 'release' && e.data.status === 'LIVE')).toBe(true);
    expect(events.at(-1)?.data, await diagnose(name)).toMatchObject({ type: 'end', outcome: 'live' });
    const live = await waitForApp(name, (r) => r.status === 200, { timeoutMs: 180_000 });
    expect(live.body, await diagnose(name)).toContain('Hello from PHP');
    const got = await api(stack.server.url, stack.user.token, 'GET', `/api/apps/${name}`);
    expect(got.json.app).toMatchObject({ name, status: 'live' });
    expect(got.json.app.currentRelease.version).toBe(1);
    const duplicate = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'node' });
    expect(duplicate.status).toBe(409);
  });

  let work: string;

  it('clone, edit, commit, push → the new content is served and the old is not', async () => {
    work = path.join(await tempDir(), 'w');
    const clone = await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token });
    expect(clone.code, clone.stderr).toBe(0);
    const file = path.join(work, 'index.php');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replaceAll('Hello from PHP', 'Pushed version two'));
    await runGit(['commit', '-am', 'Version two'], { cwd: work });
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token });
    expect(push.code, push.stderr).toBe(0);
    // Heroku-style narration in git's own output.
    expect(push.stderr).toMatch(/remote: -----> Building php app \([0-9a-f]{7}\)/);
    expect(push.stderr).toMatch(/remote: -----> Deploying v2/);
    expect(push.stderr).toMatch(new RegExp(`remote: -----> Live at http://${name}\\.`));
    expect(push.stderr).not.toContain(stack.user.token);
    // When the push returns, the new version is what the proxy serves — the old one is gone.
    const served = await getThroughProxy(name);
    expect(served.status, served.body).toBe(200);
    expect(served.body, push.stderr).toContain('Pushed version two');
    expect(served.body).not.toContain('Hello from PHP');
    const repo = await db.repository.findFirstOrThrow({ where: { app: { name } } });
    const head = await runGit(['rev-parse', 'HEAD'], { cwd: work });
    expect(repo.headCommit).toBe(head.stdout.trim());
  });

  it('a broken build fails the push with the reason; the previous release keeps serving', async () => {
    await writeFile(path.join(work, 'Dockerfile'), 'FROM berth/runtime-php\nRUN echo "broken on purpose" && exit 3\n');
    await writeFile(path.join(work, 'index.php'), '<?php echo "Version three";');
    await runGit(['add', '.'], { cwd: work });
    await runGit(['commit', '-m', 'Broken build'], { cwd: work });
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token });
    expect(push.stderr).toMatch(/remote: {2}! {5}Build failed/);
    expect(push.stderr).toContain('broken on purpose');
    expect(push.stderr).toMatch(/previous release v2 keeps serving/);
    const served = await getThroughProxy(name);
    expect(served.status).toBe(200);
    expect(served.body).toContain('Pushed version two');
    expect(served.body).not.toContain('Version three');
  });

  it('a failing health check fails the push with the reason; the previous release keeps serving', async () => {
    await runGit(['rm', '-q', 'Dockerfile'], { cwd: work });
    await writeFile(path.join(work, 'index.php'), '<?php echo "Version four";');
    await writeFile(
      path.join(work, 'app.json'),
      JSON.stringify({ healthchecks: { web: [{ type: 'startup', path: '/missing-health', timeout: 2, attempts: 2 }] } }),
    );
    await runGit(['add', '-A'], { cwd: work });
    await runGit(['commit', '-m', 'Unhealthy'], { cwd: work });
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token });
    expect(push.stderr).toMatch(/Deploy of v\d+ failed: .*health check failed: GET \/missing-health answered 404/);
    expect(push.stderr).toMatch(/previous release v2 keeps serving/);
    const served = await getThroughProxy(name);
    expect(served.body).toContain('Pushed version two');
    expect(served.body).not.toContain('Version four');
  });

  it('delete removes the app, its repository, route and containers; the event outlives it', async () => {
    const wrong = await api(stack.server.url, stack.user.token, 'DELETE', `/api/apps/${name}?confirm=nope`);
    expect(wrong.status).toBe(400);
    const del = await api(stack.server.url, stack.user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`);
    expect(del.status).toBe(204);
    expect(await db.app.findUnique({ where: { name } })).toBeNull();
    expect(await db.route.count({ where: { hostname: { startsWith: `${name}.` } } })).toBe(0);
    expect(await db.event.count({ where: { appName: name, kind: 'app.delete' } })).toBe(1);
    const after = await waitForApp(name, (r) => r.status !== 200, { timeoutMs: 20_000 });
    expect(after.status).not.toBe(200);
  });
});

/** Rows that explain why an app is not live (printed only when an assertion fails). */
async function diagnose(name: string): Promise<string> {
  const app = await db.app.findUnique({
    where: { name },
    include: { builds: true, releases: true, deployments: true, instanceRows: true },
  });
  return JSON.stringify(app, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 1);
}
