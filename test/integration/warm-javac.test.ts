import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { compilerName, ensureWarmJavac, removeWarmJavac, warmJavacReady } from '../../lib/builds/warm-javac/compiler-container';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { inspectContainer } from '../../lib/docker/containers';
import { LABEL } from '../../lib/docker/labels';
import { deleteApp } from '../../lib/apps/delete-app';
import { createTestUser } from '../../scripts/harness/users';
import { ensureRuntimeImage } from '../../lib/templates/runtime-images';
import { createTestApp, fixtureDir, get, removeAppImages, withRunningImage } from './builds-helpers';

// setup-env.ts turns the warm javac off for every other file; this one is about it.
process.env.BERTH_JAVA_COMPILER_IDLE_MINUTES = '5';

let test: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  await ensureRuntimeImage('java');
  test = await createTestApp({ template: 'JAVA' });
  await ensureWarmJavac(test.app);
  const deadline = Date.now() + 90_000;
  while (!(await warmJavacReady(localDocker(), test.app.name))) {
    if (Date.now() > deadline) throw new Error('the warm javac never became ready');
    await new Promise((r) => setTimeout(r, 250));
  }
}, 180_000);

afterAll(async () => {
  await removeWarmJavac(test.app.name).catch(() => {});
  await removeAppImages(test.app.name);
});

async function build(source: string | Record<string, string>) {
  const sha = await test.commit(typeof source === 'string' ? fixtureDir(source) : source);
  const row = await createBuild({ appId: test.app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  const status = await runBuild(row.id);
  const done = await db.build.findUniqueOrThrow({ where: { id: row.id } });
  const log = (await db.buildLogLine.findMany({ where: { buildId: row.id }, orderBy: { seq: 'asc' } })).map((l) => l.line);
  return { status, row: done, log };
}

describe("an app's warm javac", () => {
  it('compiles a push before the image build, which then has no javac step, and the image serves', async () => {
    const { status, row, log } = await build('java-sample');
    expect(status, `${row.failedStep}: ${row.error}`).toBe('SUCCEEDED');
    expect(log.some((l) => /^-----> Compiled 2 source files with the app's warm javac in \d+ ms$/.test(l))).toBe(true);
    expect(log.filter((l) => /^Step \d+\/\d+ : RUN /.test(l) && l.includes('javac'))).toEqual([]);
    await withRunningImage(row.imageTag!, { GREETING: 'Hej' }, async (running) => {
      expect((await get(`${running.url}/?name=Berth`)).text).toBe('Hej, Berth! (Java 17)');
    });
  }, 180_000);

  it('a compile error fails the build at compile with javac’s words, and builds no image', async () => {
    const { status, row, log } = await build('java-broken');
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('compile');
    expect(row.error).toMatch(/^Compiling the app failed: `javac .*` exited with code 1/);
    expect(row.error).toMatch(/incompatible types: String cannot be converted to int/);
    expect(log.some((l) => /^\.\/src\/Main\.java:\d+: error: incompatible types/.test(l))).toBe(true);
    expect(row.imageTag).toBeNull();
  }, 180_000);

  it('leaves a tree with its own classes entry to the image build', async () => {
    const main = await fs.readFile(path.resolve(import.meta.dirname, '../../lib/templates/java/starter/src/Main.java'), 'utf8');
    const { status, row, log } = await build({ 'src/Main.java': main, 'classes/README': 'a directory the repository owns\n' });
    expect(status, `${row.failedStep}: ${row.error}`).toBe('SUCCEEDED');
    expect(log.some((l) => l.includes('warm javac'))).toBe(false);
    expect(log.some((l) => /^Step \d+\/\d+ : RUN /.test(l) && l.includes('javac'))).toBe(true);
  }, 180_000);

  it('is confined (no network, read-only, no capabilities, the app user, caps) and goes when the app is deleted', async () => {
    const info = await inspectContainer(localDocker(), compilerName(test.app.name));
    expect(info?.State.Running).toBe(true);
    const host = info!.HostConfig;
    expect(host.NetworkMode).toBe('none');
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.SecurityOpt).toContain('no-new-privileges');
    expect(info!.Config.User).toBe('10000:10000');
    expect(host.Memory).toBeGreaterThan(0);
    expect(host.PidsLimit).toBeGreaterThan(0);
    expect(info!.Config.Labels[LABEL.appId]).toBe(test.app.id);

    await deleteApp(await createTestUser('ADMIN'), test.app.name, test.app.name);
    const deadline = Date.now() + 20_000;
    while ((await inspectContainer(localDocker(), compilerName(test.app.name))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await inspectContainer(localDocker(), compilerName(test.app.name))).toBeNull();
  }, 60_000);
});
