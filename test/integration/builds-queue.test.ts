import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelBuild } from '../../lib/builds/cancel-build';
import { createBuild } from '../../lib/builds/create-build';
import { subscribeBuildLog, type BuildLogMessage } from '../../lib/builds/follow-build-log';
import { config } from '../../lib/config';
import { db, type BuildStatus } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { enqueueBuild } from '../../lib/builds/build-job';
import type { BackgroundTask } from '../../workers/task';
import { start } from '../../workers/builds';
import { createTestApp, removeAppImages } from './builds-helpers';
import { waitFor } from './support/wait-for';

// The queue under concurrent requests, with the real worker, BullMQ, Postgres and Docker.
let worker: BackgroundTask;
const created: string[] = [];

beforeAll(async () => {
  worker = await start();
});
afterAll(async () => {
  await worker?.close();
  for (const name of created) await removeAppImages(name);
});

/** A Dockerfile app whose build takes a while (unique marker: never served from cache). */
const slowApp = (seconds: number, marker = Math.random().toString(36).slice(2)) => ({
  Dockerfile: `FROM berth/base:bookworm\nRUN echo ${marker} && sleep ${seconds}\nCMD ["true"]\n`,
});

async function newApp() {
  const t = await createTestApp({ template: 'DOCKERFILE' });
  created.push(t.app.name);
  return t;
}

const statusOf = async (id: string) => (await db.build.findUniqueOrThrow({ where: { id } })).status;
const finished = (s: BuildStatus) => s === 'SUCCEEDED' || s === 'FAILED' || s === 'CANCELLED';

describe('build queue', () => {
  it('concurrent createBuild calls: numbers are unique and only the newest stays queued', async () => {
    const { app, commit } = await newApp();
    const shas = [await commit(slowApp(1), 'a'), await commit(slowApp(1), 'b'), await commit(slowApp(1), 'c')];
    const builds = await Promise.all(
      [...shas, ...shas].map((sha) => createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false })),
    );
    expect(new Set(builds.map((b) => b.number)).size).toBe(6);
    const rows = await db.build.findMany({ where: { appId: app.id }, orderBy: { number: 'asc' } });
    expect(rows.filter((r) => r.status === 'QUEUED').map((r) => r.number)).toEqual([6]);
    for (const r of rows.slice(0, 5)) {
      expect(r.status).toBe('CANCELLED');
      expect(r.error).toMatch(/^superseded by #\d+$/);
    }
    await db.build.updateMany({ where: { appId: app.id, status: 'QUEUED' }, data: { status: 'CANCELLED' } });
  });

  it('one running build per app, global limit respected, every build finishes', async () => {
    const limit = config().BERTH_BUILD_CONCURRENCY;
    const apps = await Promise.all([newApp(), newApp(), newApp()]);
    const ids: string[] = [];
    for (const a of apps) {
      const b = await createBuild({ appId: a.app.id, commitSha: await a.commit(slowApp(4)), trigger: 'PUSH', deployAfter: false });
      ids.push(b.id);
      await enqueueBuild(b.id);
    }
    // A second push to the first app while its first build runs: queued behind it, not parallel.
    await waitFor(async () => (await statusOf(ids[0])) === 'RUNNING', 120_000, 'first build running');
    const second = await createBuild({
      appId: apps[0].app.id,
      commitSha: await apps[0].commit(slowApp(2)),
      trigger: 'PUSH',
      deployAfter: false,
    });
    ids.push(second.id);
    await enqueueBuild(second.id);

    let maxGlobal = 0;
    let maxPerApp = 0;
    await waitFor(
      async () => {
        const rows = await db.build.findMany({ where: { id: { in: ids } } });
        const running = rows.filter((r) => r.status === 'RUNNING');
        maxGlobal = Math.max(maxGlobal, running.length);
        const perApp = new Map<string, number>();
        for (const r of running) perApp.set(r.appId, (perApp.get(r.appId) ?? 0) + 1);
        maxPerApp = Math.max(maxPerApp, ...perApp.values(), 0);
        return rows.every((r) => finished(r.status));
      },
      240_000,
      'all builds finished',
    );
    const rows = await db.build.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'SUCCEEDED'));
    expect(maxGlobal).toBeLessThanOrEqual(limit);
    expect(maxGlobal).toBeGreaterThan(0);
    expect(maxPerApp).toBe(1);
    const [first, again] = [rows.find((r) => r.id === ids[0])!, rows.find((r) => r.id === second.id)!];
    expect(again.startedAt!.getTime()).toBeGreaterThanOrEqual(first.finishedAt!.getTime());
  });

  it('cancel: a queued build is just marked; a running build is stopped with its container', async () => {
    const { app, commit } = await newApp();
    const marker = `berthcancel${Math.random().toString(36).slice(2)}`;
    const build = await createBuild({ appId: app.id, commitSha: await commit(slowApp(600, marker)), trigger: 'PUSH', deployAfter: false });

    // Follow the log like `git push` / the UI do, from before the build starts.
    const messages: BuildLogMessage[] = [];
    const following = subscribeBuildLog(build.id, { onMessage: (m) => messages.push(m) });

    await enqueueBuild(build.id);
    await waitFor(
      async () => (await db.buildLogLine.findFirst({ where: { buildId: build.id, line: { contains: marker } } })) !== null,
      120_000,
      'the sleep step to run',
    );
    const containersWithMarker = async () =>
      (await localDocker().listContainers()).filter((c) => c.Command.includes(marker));
    await waitFor(async () => (await containersWithMarker()).length > 0, 120_000, 'build container');

    await cancelBuild(build.id);
    await waitFor(async () => (await statusOf(build.id)) === 'CANCELLED', 30_000, 'CANCELLED');
    await waitFor(async () => (await containersWithMarker()).length === 0, 30_000, 'build container gone');

    await following;
    expect(messages.at(-1)).toEqual({ done: 'CANCELLED' });
    const seqs = messages.flatMap((m) => ('seq' in m ? [m.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const queued = await createBuild({ appId: app.id, commitSha: await commit(slowApp(1)), trigger: 'PUSH', deployAfter: false });
    expect((await cancelBuild(queued.id)).status).toBe('CANCELLED');
    await expect(cancelBuild(queued.id)).rejects.toThrow(/already cancelled/);
  });
});
