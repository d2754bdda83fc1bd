import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { config } from '../../lib/config';
import { changeTier, restartApp, startApp, stopApp } from '../../lib/deploys/app-operations';
import { scaleApp } from '../../lib/deploys/scale-app';
import { shiftedClock } from '../../lib/background/clock';
import { reconcileOnce } from '../../lib/deploys/reconcile';
import { STRAY_GRACE_MS } from '../../lib/deploys/strays';
import { teardownApp } from '../../lib/deploys/teardown-app';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { deleteEnv, listEnv, setEnv } from '../../lib/releases/change-env';
import { listReleases } from '../../lib/releases/list-releases';
import { rollback } from '../../lib/releases/rollback';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, runningContainers, TEST_IMAGE, viaProxy } from './deploy-helpers';

const admin: Actor = { id: 'test-admin', email: 'admin@example.test', role: 'ADMIN' };

async function run(p: Promise<{ deploymentId: string | null }>) {
  const { deploymentId } = await p;
  if (deploymentId) await runDeployment(deploymentId);
  return deploymentId ? db.deployment.findUniqueOrThrow({ where: { id: deploymentId } }) : null;
}

describe('operations (real Docker + nginx)', () => {
  beforeAll(buildTestImage);
  afterAll(cleanupInstallation);
  // The local host has little capacity (2 CPUs here): each test frees what it used.
  afterEach(async () => {
    for (const app of await db.app.findMany({ select: { id: true } })) await teardownApp(app.id);
  });

  it('rollback restores an earlier release image and env as a new release', async () => {
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });
    await deployTestRelease(app.id, { VERSION: '2' });
    expect((await viaProxy(app.name)).body).toContain('version=2');
    const result = await rollback(admin, app.name, 1);
    expect(result.version).toBe(3);
    await runDeployment(result.deploymentId);
    expect((await viaProxy(app.name)).body).toContain('version=1');
    const releases = await listReleases(admin, app.name);
    expect(releases[0]).toMatchObject({ version: 3, status: 'LIVE', description: 'Rollback to v1', current: true });
    expect(releases.find((r) => r.version === 2)).toMatchObject({ status: 'SUPERSEDED', canRollback: true });
    expect(await rollback(admin, app.name, 3).catch((e) => e.code)).toBe('CONFLICT');
  });

  it('scales 1 → 3 → 0 (503) → 1', async () => {
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });
    expect((await run(scaleApp(admin, app.name, { web: { quantity: 3 } })))?.status).toBe('SUCCEEDED');
    expect(await runningContainers(app.name)).toHaveLength(3);
    const upstreams = (await viaProxy(app.name)).status;
    expect(upstreams).toBe(200);
    await run(scaleApp(admin, app.name, { web: { quantity: 0 } }));
    expect(await runningContainers(app.name)).toHaveLength(0);
    expect((await viaProxy(app.name)).status).toBe(503);
    await run(scaleApp(admin, app.name, { web: { quantity: 1 } }));
    expect((await viaProxy(app.name)).body).toContain('version=1');
    expect(await db.event.count({ where: { appId: app.id, kind: 'app.scale' } })).toBe(3);
  });

  it('an env change creates a release that sees the variable; values are masked', async () => {
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });
    const set = await setEnv(admin, app.name, 'GREETING', 'hola-mundo');
    expect(set.version).toBe(2);
    await runDeployment(set.deploymentId!);
    expect((await viaProxy(app.name)).body).toContain('greeting=hola-mundo');
    const masked = await listEnv(admin, app.name);
    expect(masked[0].key).toBe('GREETING');
    expect(masked[0].value).not.toContain('hola');
    expect((await listEnv(admin, app.name, true))[0].value).toBe('hola-mundo');
    const stored = await db.envVar.findFirstOrThrow({ where: { appId: app.id } });
    expect(stored.value).not.toContain('hola');
    await expect(setEnv(admin, app.name, 'PORT', '1')).rejects.toThrow(/set by Berth/);
    await expect(setEnv(admin, app.name, 'bad-key', '1')).rejects.toThrow();
    const del = await deleteEnv(admin, app.name, 'GREETING');
    await runDeployment(del.deploymentId!);
    expect((await viaProxy(app.name)).body).toContain('greeting=\n');
  });

  it('restart and tier change replace instances; stop and start', async () => {
    const app = await createTestApp(undefined, { instances: 2 });
    await deployTestRelease(app.id, { VERSION: '1' });
    const before = (await runningContainers(app.name)).map((c) => c.Id).sort();
    expect((await run(restartApp(admin, app.name)))?.status).toBe('SUCCEEDED');
    const after = (await runningContainers(app.name)).map((c) => c.Id).sort();
    expect(after).toHaveLength(2);
    expect(after.some((id) => before.includes(id))).toBe(false);
    await run(changeTier(admin, app.name, 'medium'));
    const [c] = await runningContainers(app.name);
    expect((await localDocker().getContainer(c.Id).inspect()).HostConfig.Memory).toBe(512 * 1024 * 1024);
    await run(stopApp(admin, app.name));
    expect(await runningContainers(app.name)).toHaveLength(0);
    expect((await viaProxy(app.name)).status).toBe(503);
    await run(startApp(admin, app.name));
    expect(await runningContainers(app.name)).toHaveLength(2);
    expect((await viaProxy(app.name)).status).toBe(200);
  });

  it('reconcile recreates a removed container, restarts a stopped one and removes a stray', async () => {
    const app = await createTestApp(undefined, { instances: 2 });
    await deployTestRelease(app.id, { VERSION: '1' });
    const docker = localDocker();
    const [a, b] = await runningContainers(app.name);
    await docker.getContainer(a.Id).remove({ force: true });
    await docker.getContainer(b.Id).stop({ t: 1 });
    const strayName = `berth-${config().BERTH_INSTALLATION}-stray-${Date.now()}`;
    const stray = await docker.createContainer({
      name: strayName,
      Image: TEST_IMAGE,
      Labels: { [LABEL.installation]: config().BERTH_INSTALLATION, [LABEL.app]: 'nobody', [LABEL.instance]: 'gone' },
    });
    // Strays younger than the grace period are left alone (a deploy may be creating them):
    // look 16 s ahead instead of waiting (the grace itself is unit-tested in lib/deploys/strays.test.ts).
    const report = await reconcileOnce({ clock: shiftedClock(STRAY_GRACE_MS + 1_000) });
    expect(report.restarted.sort()).toEqual([a.Names[0].slice(1), b.Names[0].slice(1)].sort());
    expect(report.removed).toContain(strayName);
    expect(await stray.inspect().catch((e) => e.statusCode)).toBe(404);
    expect(await runningContainers(app.name)).toHaveLength(2);
    expect((await viaProxy(app.name)).status).toBe(200);
    const again = await reconcileOnce();
    expect(again.restarted).toEqual([]);
  });
});
