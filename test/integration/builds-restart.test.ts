import { afterAll, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { db } from '../../lib/db';
import { enqueueBuild } from '../../lib/builds/build-job';
import { start } from '../../workers/builds';
import { createTestApp, removeAppImages } from './builds-helpers';

// Nothing stays RUNNING forever: a worker that stops fails its builds, and a worker that starts
// fails builds whose job no live worker holds (left behind by a crash).
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await removeAppImages(name);
});

async function waitFor(what: string, probe: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('worker start marks orphaned RUNNING builds FAILED', async () => {
  const { app } = await createTestApp({ template: 'DOCKERFILE' });
  const build = await createBuild({ appId: app.id, commitSha: 'd'.repeat(40), trigger: 'PUSH', deployAfter: false });
  await db.build.update({ where: { id: build.id }, data: { status: 'RUNNING', startedAt: new Date() } });
  const worker = await start();
  await worker.close();
  const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
  expect(row.status).toBe('FAILED');
  expect(row.error).toMatch(/interrupted: the worker restarted/);
});

it('a stopping worker fails its running build instead of leaving it RUNNING', async () => {
  const { app, commit } = await createTestApp({ template: 'DOCKERFILE' });
  created.push(app.name);
  const marker = Math.random().toString(36).slice(2);
  const sha = await commit({ Dockerfile: `FROM berth/base:bookworm\nRUN echo ${marker} && sleep 300\n` });
  const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  const worker = await start();
  await enqueueBuild(build.id);
  await waitFor('RUNNING', async () => (await db.build.findUniqueOrThrow({ where: { id: build.id } })).status === 'RUNNING');
  await worker.close();
  const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
  expect(row.status).toBe('FAILED');
  expect(row.error).toMatch(/the worker stopped while this build was running/);
});
