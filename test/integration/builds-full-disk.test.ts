import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { createTestApp, removeAppImages } from './builds-helpers';
import { buildTestImage, cleanupInstallation, deployTestRelease, proxyLoad, viaProxy } from './deploy-helpers';

/**
 * Full disk during a build (issue 13): the build directory (BERTH_DATA_DIR/tmp, where each build
 * exports its commit and writes its context) is put on a 4 MB tmpfs of this test's own, nearly
 * filled. A push whose tree does not fit fails with a clear "no space left on device" naming the
 * directory, the app's previous release serves throughout, and once space is freed the next push
 * builds.
 */
const run = promisify(execFile);
const buildDir = () => config().paths.tmp;
let mounted = false;
const created: string[] = [];

async function freeBytes(dir: string): Promise<number> {
  const s = await fs.statfs(dir);
  return s.bavail * s.bsize;
}

beforeAll(async () => {
  await buildTestImage();
  await fs.mkdir(buildDir(), { recursive: true });
  // Nothing of this run lives in tmp between builds (each build removes its own directory), and
  // the mount hides whatever is there only until afterAll unmounts it.
  await run('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0755', 'berth-test-full-disk', buildDir()], { timeout: 10_000 });
  mounted = true;
}, 600_000);

afterAll(async () => {
  if (mounted) await run('umount', [buildDir()], { timeout: 10_000 }).catch((e) => console.error(e));
  for (const name of created) await removeAppImages(name);
  await cleanupInstallation().catch(() => undefined);
}, 120_000);

it('fails the build with "no space left", keeps the previous release serving, and builds again once space is freed', async () => {
  const { app, commit } = await createTestApp({ template: 'DOCKERFILE' });
  created.push(app.name);
  await db.route.create({ data: { appId: app.id, hostname: `${app.name}.${config().BERTH_APPS_DOMAIN}` } });
  const { release: previous } = await deployTestRelease(app.id, { VERSION: 'before-full' });
  expect(previous.status).toBe('LIVE');

  // Fill the build directory to leave ~256 KB; the pushed tree carries 1 MB that cannot compress.
  const filler = path.join(buildDir(), 'filler');
  await fs.writeFile(filler, Buffer.alloc(Math.max(0, (await freeBytes(buildDir())) - 256 * 1024)));
  expect(await freeBytes(buildDir())).toBeLessThan(512 * 1024);
  const files = { Dockerfile: 'FROM berth/base:bookworm\nCOPY blob /blob\n', blob: randomBytes(1024 * 1024) };

  const traffic = proxyLoad(app.name, { intervalMs: 50, maxRequests: 2_000, maxMs: 240_000 });
  try {
    const sha = await commit(files, 'too big for the build directory');
    const full = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: true });
    expect(await runBuild(full.id)).toBe('FAILED');
    const failed = await db.build.findUniqueOrThrow({ where: { id: full.id } });
    expect(failed.error).toContain(`no space left on device in the build directory ${buildDir()}`);
    expect(failed.failedStep).toBe('export');
    const log = await db.buildLogLine.findMany({ where: { buildId: full.id }, orderBy: { seq: 'asc' } });
    expect(log.map((l) => l.line).join('\n')).toMatch(/no space left on device/);
    // Its working directory was removed again: the failed build leaves no half-written tree.
    expect((await fs.readdir(buildDir())).filter((e) => e.startsWith('build-'))).toEqual([]);

    // The previous release still serves, and no other release took its place.
    expect((await viaProxy(app.name)).body).toContain('version=before-full');
    expect((await db.release.findUniqueOrThrow({ where: { id: previous.id } })).status).toBe('LIVE');
    expect(await db.release.count({ where: { appId: app.id } })).toBe(1);

    // Space freed: the next push builds.
    await fs.rm(filler);
    const sha2 = await commit({ ...files, 'NOTE': 'space freed\n' }, 'after freeing space');
    const next = await createBuild({ appId: app.id, commitSha: sha2, trigger: 'PUSH', deployAfter: false });
    expect(await runBuild(next.id)).toBe('SUCCEEDED');
    expect((await db.build.findUniqueOrThrow({ where: { id: next.id } })).imageTag).toContain(sha2.slice(0, 12));
  } finally {
    const { failures, total } = await traffic.stop();
    console.log(`[full-disk] ${total} requests to the previous release during the failed and the next build, ${failures.length} failed`);
    expect(failures).toEqual([]);
  }
}, 600_000);
