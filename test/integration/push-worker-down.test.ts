import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appsApiRoutes, api } from '../../scripts/harness/berth-api';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import { startWorkers } from '../../scripts/harness/workers';
import { waitForApp } from '../../scripts/harness/app-http';
import { waitFor } from './support/wait-for';
import { db } from '../../lib/db';

/**
 * A push while Berth's worker is down: git's output says at once that the build waits for the
 * worker (so a client that gives up — here the git process is killed — was told), and once the
 * worker returns the pushed commit builds and goes live.
 */
let server: TestServer;
let user: TestUser;
let stopWorkers: (() => Promise<void>) | undefined;
const name = randomAppName('w');

beforeAll(async () => {
  server = await startBerthServer(appsApiRoutes);
  stopWorkers = await startWorkers(['hosts']); // no builds worker
  user = await createTestUser();
});
afterAll(async () => {
  await api(server.url, user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`).catch(() => {});
  await stopWorkers?.();
  await server?.close();
});

it('says the worker is not running, and still ends live when it returns', async () => {
  const created = await api(server.url, user.token, 'POST', '/api/apps', { name, template: 'php' });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const work = path.join(await tempDir(), 'w');
  expect((await runGit(['clone', `${server.url}/git/${name}.git`, work], { token: user.token })).code).toBe(0);
  const file = path.join(work, 'index.php');
  await writeFile(file, (await readFile(file, 'utf8')).replaceAll('Hello from PHP', 'Pushed while the worker was down'));
  expect((await runGit(['commit', '-am', 'while down'], { cwd: work })).code).toBe(0);

  // git push in its own process, so the test can cut it off like a user pressing Ctrl-C.
  const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`git:${user.token}`).toString('base64')}`;
  const push = spawn('git', ['-c', auth, 'push', 'origin', 'main'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: work, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true' } as unknown as NodeJS.ProcessEnv,
  });
  let output = '';
  push.stderr.on('data', (c: Buffer) => (output += c.toString()));
  push.stdout.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await waitFor(async () => /follow it at http/.test(output), 60_000, `the push saying the worker is down and where to follow it (got: ${output})`);
  } finally {
    push.kill('SIGKILL');
  }
  expect(output).toMatch(/remote: -----> The build is queued; Berth's worker is not running\. It will build and deploy when the worker returns/);
  expect(output).toMatch(new RegExp(`remote: +follow it at http\\S+/apps/${name}`));
  expect(output).not.toContain(user.token);

  await stopWorkers?.();
  stopWorkers = await startWorkers(['hosts', 'builds', 'build-outbox', 'deploys']);
  const live = await waitForApp(name, (r) => r.status === 200 && r.body.includes('Pushed while the worker was down'), { timeoutMs: 300_000 });
  expect(live.body, await diagnose()).toContain('Pushed while the worker was down');
}, 400_000);

async function diagnose(): Promise<string> {
  const builds = await db.build.findMany({ where: { app: { name } }, orderBy: { number: 'asc' } });
  const deployments = await db.deployment.findMany({ where: { app: { name } } });
  return JSON.stringify({
    builds: builds.map((b) => ({ n: b.number, status: b.status, error: b.error, step: b.failedStep })),
    deployments: deployments.map((d) => ({ status: d.status, reason: d.reason })),
  });
}
