import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { queuePrefix } from '../../lib/background/job';
import { config } from '../../lib/config';
import { deployJob, deployJobId, enqueueDeploy } from '../../lib/deploys/deploy-job';
import { redis } from '../../lib/redis';
import { createRelease } from '../../lib/releases/create-release';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, runningContainers, TEST_IMAGE, viaProxy } from './deploy-helpers';
import { waitFor } from './support/wait-for';

/**
 * kill -9 of the worker while a deploy's new instance is health-checking (its web process waits
 * a few seconds before listening): a returning worker runs the deployment again, reusing the
 * instance row and container it finds, and the deploy ends LIVE — one container, one LIVE release.
 */
const SLOW_IMAGE = 'berth-test/deploy-app-slow:1';
const run = promisify(execFile);
let stopWorkers: (() => Promise<void>) | undefined;

beforeAll(async () => {
  await buildTestImage();
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-slow-'));
  try {
    await writeFile(path.join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCMD ["/bin/sh", "-c", "sleep 8; exec /bin/sh /entry.sh"]\n`);
    await run('docker', ['build', '-q', '-t', SLOW_IMAGE, dir], { timeout: 300_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
afterAll(async () => {
  await stopWorkers?.();
  await cleanupInstallation();
});

it('a deploy whose worker was killed mid-health-check is run again when a worker returns, and ends live', async () => {
  stopWorkers = await startWorkers(['hosts']);
  const app = await createTestApp();
  await deployTestRelease(app.id, { VERSION: '1' });

  const { release, deploymentId } = await createRelease({
    appId: app.id,
    buildId: null,
    imageTag: SLOW_IMAGE,
    commitSha: 'abcdef1234567891',
    env: { plain: { VERSION: '2' } },
    processTypes: {},
    healthcheck: null,
    description: 'slow to start',
  });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', "import('./workers/deploys.ts').then((m) => m.start()).then(() => console.log('deploys worker up'))"],
    { cwd: path.resolve(import.meta.dirname, '../..'), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await enqueueDeploy(deploymentId);
    await waitFor(
      () => db.instance.findFirst({ where: { releaseId: release.id, status: 'STARTING', containerId: { not: null } } }),
      120_000,
      'the new instance health-checking in the child worker',
    );
    await new Promise((r) => setTimeout(r, 1_000));
  } finally {
    child.kill('SIGKILL');
  }
  const killedAt = Date.now();
  expect((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).status).toBe('RUNNING');
  // The dead worker's locks are still in Redis: its job lock (60 s) and the app lock (30 s),
  // renewed by nobody now. Waiting them out is the same as moving Redis' clock forward: they are
  // made to expire in 1.5 s instead, the moment a worker that died a minute ago would see.
  // (Key names: BullMQ's job lock as lib/background/job.ts reads it; lib/deploys/app-lock.ts.)
  const locks = [`${queuePrefix()}:${deployJob.queue}:${deployJobId(deploymentId, 0)}:lock`, `berth:${config().BERTH_INSTALLATION}:lock:app:${app.id}`];
  for (const key of locks) await redis().pexpire(key, 1_500);

  // A worker returns at once: the dead worker's job lock has not expired yet; the deploy
  // worker's outbox loop finds the deployment once it has.
  const worker = await (await import('../../workers/deploys')).start();
  try {
    await waitFor(
      async () => (await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).status === 'SUCCEEDED',
      240_000,
      'the deployment SUCCEEDED after the worker returned',
    );
  } finally {
    await worker.close();
  }
  console.log(`[deploys-restart] kill -9 → deployed and live after ${Date.now() - killedAt} ms`);

  // Run again either by the resume pass (interruptions + 1, a new job id) once the dead worker's
  // app lock expired, or by BullMQ redelivering the stalled job first: both end here, once.
  const deployment = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
  expect(deployment.status).toBe('SUCCEEDED');
  const live = await db.release.findMany({ where: { appId: app.id, status: 'LIVE' } });
  expect(live.map((r) => r.id)).toEqual([release.id]);
  expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).currentReleaseId).toBe(release.id);
  const instances = await db.instance.findMany({ where: { releaseId: release.id, status: { in: ['STARTING', 'RUNNING'] } } });
  expect(instances).toHaveLength(1);
  const containers = await runningContainers(app.name);
  expect(containers.map((c) => c.Names[0])).toEqual([`/${instances[0]!.containerName}`]);
  expect((await viaProxy(app.name)).body).toContain('version=2');
}, 400_000);
