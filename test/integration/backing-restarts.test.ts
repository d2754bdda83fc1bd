import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJobId } from '../../lib/builds/build-job';
import { createDb, type Db } from '../../lib/db';
import { randomAppName } from '../../scripts/harness/users';
import { ownPostgres, ownRedis, type OwnService } from './support/own-services';
import { waitFor } from './support/wait-for';

/**
 * PostgreSQL and Redis restart under a running Berth (web + worker in their own processes),
 * against a PostgreSQL and a Redis of this test's own — the shared ones are never touched.
 * During a PostgreSQL outage API calls answer 503 with a reason (no hang); both come back on
 * their own once it is up. A Redis crash (SIGKILL) loses no queued job (AOF), and an app created
 * while Redis is down still gets its build job once Redis returns (the Build row is the outbox).
 */
const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const WEB = `Promise.all([import('./scripts/harness/berth-server.ts'), import('./scripts/harness/berth-api.ts'), import('./scripts/harness/users.ts')])
  .then(async ([s, a, u]) => { const server = await s.startBerthServer(a.appsApiRoutes); const user = await u.createTestUser(); console.log('READY ' + server.url + ' ' + user.token); })`;
const WORKER = `import('./workers/build-outbox.ts').then((m) => m.start()).then(() => console.log('READY'))`;

let dir: string;
let postgres: OwnService;
let redis: OwnService;
let ownDb: Db;
const children: ChildProcess[] = [];
let logs = ''; // the children's output, for failure messages
let web: { url: string; token: string };

function startChild(script: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; ready: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${out}`)), 120_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      logs += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, ready: line });
      }
    });
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
      logs += c.toString();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}): ${out}`)));
  });
}

const api = (method: string, pathname: string, body?: unknown) =>
  fetch(`${web.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${web.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000), // a hang fails the test instead of holding it
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'berth-backing-'));
  postgres = await ownPostgres(dir);
  redis = await ownRedis(dir);
  const env = { ...process.env, DATABASE_URL: postgres.url, REDIS_URL: redis.url };
  await run(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { cwd: root, env, timeout: 180_000 });
  ownDb = createDb(postgres.url);
  const [, url, token] = (await startChild(WEB, env)).ready.split(' ');
  web = { url: url!, token: token! };
  await startChild(WORKER, env);
}, 300_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await ownDb?.$disconnect().catch(() => undefined);
  await redis?.stop('SIGKILL');
  await postgres?.stop('SIGINT');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('backing services restart', () => {
  it('PostgreSQL down: the API answers 503 with a reason, and serves again once it is back', async () => {
    expect((await api('GET', '/api/apps')).status).toBe(200);
    await postgres.stop('SIGINT');

    const asked = Date.now();
    const res = await api('GET', '/api/apps');
    const body = (await res.json()) as { error?: { code: string; message: string } };
    console.log(`[backing] PostgreSQL down → ${res.status} after ${Date.now() - asked} ms`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(body.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/database is not reachable/) });

    await postgres.start();
    const up = Date.now();
    await waitFor(async () => (await api('GET', '/api/apps')).status === 200, 60_000, 'the API answering 200 again', { ignoreErrors: true });
    const back = Date.now() - up;
    console.log(`[backing] PostgreSQL back → API 200 after ${back} ms`);
    expect(back).toBeLessThan(30_000);
  });

  it('Redis SIGKILLed and restarted: no queued job is lost, and an app created meanwhile gets its build job', async () => {
    const queue = new Queue('builds', {
      connection: new Redis(redis.url, { maxRetriesPerRequest: null }),
      prefix: `bull:${process.env.BERTH_INSTALLATION}`,
    });
    queue.on('error', () => undefined);
    try {
      const before = randomAppName('r');
      expect((await api('POST', '/api/apps', { name: before, template: 'php' })).status).toBe(201);
      const first = await ownDb.build.findFirstOrThrow({ where: { app: { name: before } } });
      await waitFor(async () => (await queue.getJob(buildJobId(first.id, 0))) ?? null, 30_000, 'the first build job in Redis', { ignoreErrors: true });
      await new Promise((r) => setTimeout(r, 1_500)); // AOF is fsynced every second
      await redis.stop('SIGKILL');

      // While Redis is down: an app can still be created (the Build row is the outbox), in bounded time.
      const during = randomAppName('r');
      const asked = Date.now();
      const created = await api('POST', '/api/apps', { name: during, template: 'php' });
      console.log(`[backing] Redis down → POST /api/apps ${created.status} after ${Date.now() - asked} ms`);
      expect(created.status, logs.slice(-4000)).toBe(201);
      expect((await api('GET', '/api/apps')).status).toBe(200);
      const second = await ownDb.build.findFirstOrThrow({ where: { app: { name: during } } });

      await redis.start();
      const up = Date.now();
      expect(await queue.getJob(buildJobId(first.id, 0)), 'the job queued before the crash survived it').toBeTruthy();
      await waitFor(async () => (await queue.getJob(buildJobId(second.id, 0))) ?? null, 60_000, 'the build job of the app created during the outage', { ignoreErrors: true });
      console.log(`[backing] Redis back → outbox enqueued the missed build after ${Date.now() - up} ms`);
    } finally {
      await queue.close().catch(() => undefined);
    }
  });
});
