import { afterAll, expect, it } from 'vitest';
import { claimBuild } from '../../lib/builds/claim-build';
import { createBuild } from '../../lib/builds/create-build';
import { db } from '../../lib/db';
import { buildJob, buildJobId, enqueueBuild } from '../../lib/builds/build-job';
import { queuePrefix } from '../../lib/background/job';
import { redis } from '../../lib/redis';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { start } from '../../workers/builds';
import { start as startOutbox } from '../../workers/build-outbox';
import { MAX_BUILD_INTERRUPTIONS, resumeInterruptedBuilds } from '../../lib/builds/resume-interrupted-builds';
import { createTestApp, removeAppImages } from './builds-helpers';
import { waitFor } from './support/wait-for';

// Nothing stays RUNNING forever: a worker that stops fails its builds, and a build whose worker
// died (no live worker holds its job) is run again from scratch when a worker returns.
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await removeAppImages(name);
});

it('worker start runs orphaned RUNNING builds again, and fails them after repeated interruptions', async () => {
  const { app } = await createTestApp({ template: 'DOCKERFILE' });
  const build = await createBuild({ appId: app.id, commitSha: 'd'.repeat(40), trigger: 'PUSH', deployAfter: false });
  await db.build.update({ where: { id: build.id }, data: { status: 'RUNNING', startedAt: new Date(), interruptions: MAX_BUILD_INTERRUPTIONS } });
  const worker = await start();
  await worker.close();
  const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
  expect(row.status).toBe('FAILED');
  expect(row.error).toMatch(/interrupted 3 times/);

  // Once interrupted: back to QUEUED with a new job id (the outbox enqueues it).
  const again = await createBuild({ appId: app.id, commitSha: 'e'.repeat(40), trigger: 'PUSH', deployAfter: false });
  await db.build.update({ where: { id: again.id }, data: { status: 'RUNNING', startedAt: new Date() } });
  const { requeued } = await resumeInterruptedBuilds(async () => false);
  expect(requeued).toEqual([again.id]);
  const row2 = await db.build.findUniqueOrThrow({ where: { id: again.id } });
  expect(row2.status).toBe('QUEUED');
  expect(row2.interruptions).toBe(1);
  // A job of the earlier run (the dead worker's, handed out again by BullMQ's stalled check)
  // does not claim the requeued build: only the new run's job does.
  expect(await claimBuild(again.id, 0)).toBe('skipped');
  expect(await claimBuild(again.id, 1)).toBe('claimed');
  await db.build.update({ where: { id: again.id }, data: { status: 'CANCELLED' } });
});

it('kill -9 of the worker during a build: a returning worker builds it again from scratch, and it succeeds', async () => {
  const { app, commit } = await createTestApp({ template: 'DOCKERFILE' });
  created.push(app.name);
  const marker = Math.random().toString(36).slice(2);
  const sha = await commit({ Dockerfile: `FROM berth/base:bookworm\nRUN echo ${marker} && sleep 4\n` });
  const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  // A worker in its own process, killed for real.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', "import('./workers/builds.ts').then((m) => m.start()).then(() => console.log('builds worker up'))"],
    { cwd: path.resolve(import.meta.dirname, '../..'), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await enqueueBuild(build.id);
    await waitFor(async () => (await db.build.findUniqueOrThrow({ where: { id: build.id } })).status === 'RUNNING', 90_000, 'RUNNING in the child worker');
    await new Promise((r) => setTimeout(r, 1_000));
  } finally {
    child.kill('SIGKILL');
  }
  const killedAt = Date.now();
  // The dead worker's job lock (BullMQ's 30 s, renewed by nobody now) is made to expire in 1.5 s:
  // the same as waiting it out, without the wait (the key as lib/background/job.ts reads it).
  await redis().pexpire(`${queuePrefix()}:${buildJob.queue}:${buildJobId(build.id, 0)}:lock`, 1_500);
  // Berth comes back at once: while the lock of the dead worker's job has not expired, the
  // start-up check leaves it; the outbox loop finds it once the lock expired.
  const worker = await start();
  const outbox = await startOutbox();
  try {
    await waitFor(async () => (await db.build.findUniqueOrThrow({ where: { id: build.id } })).status === 'SUCCEEDED', 150_000, 'SUCCEEDED');
  } finally {
    await outbox.close();
    await worker.close();
  }
  console.log(`[builds-restart] kill -9 → rebuilt and SUCCEEDED after ${Date.now() - killedAt} ms`);
  const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
  expect(row.interruptions).toBe(1);
  const log = await db.buildLogLine.findMany({ where: { buildId: build.id }, orderBy: { seq: 'asc' } });
  expect(log.map((l) => l.line).join('\n')).toMatch(/building again from the start/);
}, 300_000);

it('a stopping worker fails its running build instead of leaving it RUNNING', async () => {
  const { app, commit } = await createTestApp({ template: 'DOCKERFILE' });
  created.push(app.name);
  const marker = Math.random().toString(36).slice(2);
  const sha = await commit({ Dockerfile: `FROM berth/base:bookworm\nRUN echo ${marker} && sleep 300\n` });
  const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  const worker = await start();
  await enqueueBuild(build.id);
  await waitFor(async () => (await db.build.findUniqueOrThrow({ where: { id: build.id } })).status === 'RUNNING', 60_000, 'RUNNING');
  await worker.close();
  const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
  expect(row.status).toBe('FAILED');
  expect(row.error).toMatch(/the worker stopped while this build was running/);
});
