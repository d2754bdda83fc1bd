import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queuePrefix } from '../../lib/background/job';
import { enqueueBuild } from '../../lib/builds/build-job';
import { createBuild } from '../../lib/builds/create-build';
import { db } from '../../lib/db';
import { enqueueDeploy } from '../../lib/deploys/deploy-job';
import { createRelease } from '../../lib/releases/create-release';
import { createRedis } from '../../lib/redis';
import { createTestApp as createRepoApp, removeAppImages } from './builds-helpers';
import { buildTestImage, cleanupInstallation, createTestApp, TEST_IMAGE } from './deploy-helpers';
import { freePort } from '../../scripts/harness/free-port';
import { waitFor } from './support/wait-for';

// Two real worker processes, run from the compiled bundle (`npm run build` → dist/worker): both
// consume builds and deploys, exactly one (the leader) runs the periodic loops, and when the
// leader is killed with SIGKILL the other one takes the lead within 10 s.
const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
mkdirSync(path.join(root, '.berth'), { recursive: true });
// Inside the project: the bundle resolves its npm packages from node_modules, as dist/worker does.
const bundleDir = mkdtempSync(path.join(root, '.berth', 'test-worker-'));
const workers: { child: ChildProcess; out: string[] }[] = [];
const apps: string[] = [];
let builds: Queue;
let deploys: Queue;

function startWorker(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(bundleDir, 'index.mjs')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => out.push(c.toString()));
  workers.push({ child, out });
  return { child, out };
}

/** pid of the worker process whose session holds this database's leader lock, or null. */
async function leaderPid(): Promise<number | null> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name LIKE 'berth leader %'`;
  if (rows.length > 1) throw new Error(`${rows.length} sessions hold a leader lock: ${rows.map((r) => r.name).join(', ')}`);
  return rows.length ? Number(rows[0].name.split('/').pop()) : null;
}

const processedBy = async (queue: Queue, jobId: string) => (await Job.fromId(queue, jobId))?.processedBy ?? null;
const pidOf = (label: string | null) => (label ? Number(label.split('/').pop()) : null);

beforeAll(async () => {
  // The same bundle `npm run build` makes (scripts/lib.sh build_worker), into a directory of our own.
  await run('bash', ['-c', '. scripts/lib.sh && build_worker "$1"', 'bash', bundleDir], { cwd: root, timeout: 120_000 });
  await buildTestImage();
  builds = new Queue('builds', { connection: createRedis(), prefix: queuePrefix() });
  deploys = new Queue('deploys', { connection: createRedis(), prefix: queuePrefix() });
  // Jobs earlier test files left behind (a killed worker's job stays "active" until a stalled
  // check moves it, and counts against the queue's global concurrency meanwhile): gone, so the
  // two builds below are the only ones and both workers get one.
  await builds.obliterate({ force: true });
  await deploys.obliterate({ force: true });
}, 600_000);

afterAll(async () => {
  for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([builds?.close(), deploys?.close()]);
  await cleanupInstallation();
  for (const name of apps) await removeAppImages(name).catch(() => undefined);
  rmSync(bundleDir, { recursive: true, force: true });
});

it('two workers share builds and deploys, one leads the loops, and the lead moves within 10 s of a kill -9', async () => {
  // One build at a time per process, so two builds at once must run in both; the waker of
  // whichever leads listens on a port of this test's own.
  const env = { ...process.env, BERTH_BUILD_CONCURRENCY: '1', BERTH_WAKER_PORT: String(await freePort()) };
  const a = startWorker(env);
  const b = startWorker(env);
  const started = (w: { out: string[] }) => w.out.join('').includes('[worker] started');
  await waitFor(async () => started(a) && started(b), 120_000, 'both workers started').catch((error: Error) => {
    throw new Error(`${error.message}\n--- worker A:\n${a.out.join('')}\n--- worker B:\n${b.out.join('')}`);
  });

  // Exactly one leader, and it is one of the two.
  const leader = await waitFor(leaderPid, 60_000, 'a leader');
  expect([a.child.pid, b.child.pid]).toContain(leader);
  const [lead, follower] = leader === a.child.pid ? [a, b] : [b, a];
  await waitFor(async () => lead.out.join('').includes(`/${leader} leads`), 30_000, 'the leader to say so');
  // The leader's loops run: its heartbeat keeps the local host READY (only the leader heartbeats).
  await waitFor(async () => (await db.host.findFirst({ where: { status: 'READY', lastHeartbeatAt: { gt: new Date(Date.now() - 30_000) } } })), 60_000, 'a heartbeat');
  expect(follower.out.join('')).not.toMatch(/ leads/);

  // Builds: each worker takes one at a time (BERTH_BUILD_CONCURRENCY=1 sets both the per-process
  // and the installation-wide limit; the installation-wide one is raised to 2 here), so of two
  // slow builds queued together each worker runs one.
  await builds.setGlobalConcurrency(2);
  const buildIds: string[] = [];
  for (let i = 0; i < 2; i++) {
    const { app, commit } = await createRepoApp({ template: 'DOCKERFILE' });
    apps.push(app.name);
    // Long enough that the second build is still queued when an idle worker next asks: BullMQ
    // may hand both wake-up markers to one worker, and the other then picks up the job only when
    // its blocking wait (up to 5 s) ends, later still on a loaded machine.
    const sha = await commit({ Dockerfile: `FROM berth/base:bookworm\nRUN echo ${app.name} && sleep 20\n` });
    const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
    buildIds.push(build.id);
  }
  for (const id of buildIds) await enqueueBuild(id);
  const buildRunners = await waitFor(
    async () => {
      const by = await Promise.all(buildIds.map((id) => processedBy(builds, id)));
      return by.every(Boolean) ? by : null;
    },
    180_000,
    'both builds taken',
  );
  expect(new Set(buildRunners.map(pidOf)), `builds run by ${buildRunners.join(', ')}\n--- worker A:\n${a.out.join('').slice(-3000)}\n--- worker B:\n${b.out.join('').slice(-3000)}`).toEqual(
    new Set([a.child.pid, b.child.pid]),
  );

  // Deploys: each process runs up to 4 at once. Five deploys whose health check keeps failing for
  // a while are in progress together, so at least one of them runs in the other process.
  const deploymentIds: string[] = [];
  for (let i = 0; i < 5; i++) {
    const app = await createTestApp();
    const { deploymentId } = await createRelease({
      appId: app.id,
      buildId: null,
      imageTag: TEST_IMAGE,
      commitSha: 'abcdef1234567890',
      env: { plain: {} },
      processTypes: {},
      healthcheck: { path: '/no-such-page', expectedStatus: 200, timeoutMs: 1_000, attempts: 20, waitMs: 1_000 },
      description: 'HA test',
    });
    deploymentIds.push(deploymentId);
  }
  for (const id of deploymentIds) await enqueueDeploy(id);
  const deployRunners = await waitFor(
    async () => {
      const by = await Promise.all(deploymentIds.map((id) => processedBy(deploys, id)));
      return by.every(Boolean) ? by : null;
    },
    180_000,
    'all deploys taken',
  );
  expect(new Set(deployRunners.map(pidOf))).toEqual(new Set([a.child.pid, b.child.pid]));

  // kill -9 the leader: its session ends, the follower takes the lock on its next try.
  lead.child.kill('SIGKILL');
  const killedAt = Date.now();
  const next = await waitFor(async () => {
    const pid = await leaderPid();
    return pid && pid !== leader ? pid : null;
  }, 30_000, 'a new leader');
  const tookMs = Date.now() - killedAt;
  console.log(`[workers-ha] leader ${leader} killed; ${next} leads after ${tookMs} ms`);
  expect(next).toBe(follower.child.pid);
  expect(tookMs).toBeLessThan(10_000);
  await waitFor(async () => follower.out.join('').includes(`/${next} leads`), 30_000, 'the new leader to run the loops');

  // The survivor stops gracefully (closes its loops and consumers, gives the lock up).
  follower.child.kill('SIGTERM');
  await waitFor(async () => follower.child.exitCode !== null, 60_000, 'the survivor to exit');
  expect(follower.child.exitCode).toBe(0);
  expect(await leaderPid()).toBeNull();
}, 900_000);
