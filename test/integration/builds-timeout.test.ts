import { afterAll, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { createTestApp, removeAppImages } from './builds-helpers';

// The build deadline (BERTH_BUILD_TIMEOUT_SECONDS, read lazily by config()): a build that runs
// past it ends FAILED at 'timeout' and leaves no build container behind.
process.env.BERTH_BUILD_TIMEOUT_SECONDS = '10';
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await removeAppImages(name);
});

it('a build past its deadline fails with step timeout and its container is gone', async () => {
  const { app, commit } = await createTestApp({ template: 'DOCKERFILE' });
  created.push(app.name);
  const marker = `berthtimeout${Math.random().toString(36).slice(2)}`;
  const sha = await commit({ Dockerfile: `FROM berth/base:bookworm\nRUN echo ${marker} && sleep 120\n` });
  const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  expect(await runBuild(build.id)).toBe('FAILED');
  const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
  expect(row.failedStep).toBe('timeout');
  expect(row.error).toMatch(/^The build took too long: stopped after 10 s \(BERTH_BUILD_TIMEOUT_SECONDS\)/);
  const deadline = Date.now() + 30_000;
  let left = 1;
  while (Date.now() < deadline && left > 0) {
    left = (await localDocker().listContainers()).filter((c) => c.Command.includes(marker)).length;
    if (left) await new Promise((r) => setTimeout(r, 250));
  }
  expect(left).toBe(0);
});
