import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { latestFailures } from '../../lib/apps/app-failures';
import { getAppLiveState } from '../../lib/apps/app-live-state';
import { failureHeadline } from '../../lib/apps/failure-notice';
import type { Actor } from '../../lib/auth/actor';
import { db, Prisma } from '../../lib/db';
import { restartApp } from '../../lib/deploys/app-operations';
import { retryOperation } from '../../lib/deploys/retry-operation';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { scaleApp } from '../../lib/deploys/scale-app';
import { teardownApp } from '../../lib/deploys/teardown-app';
import type { AppError } from '../../lib/errors';
import { listAppActivity } from '../../lib/observe/app-activity';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, runningContainers, viaProxy } from './deploy-helpers';

/**
 * Scale and restart fail like releases do (issue #16): the failed step, a one-sentence reason,
 * the detail kept for a collapsed section; the Overview's failure banner and the apps list's
 * hover show it until a newer deployment succeeds, and Retry asks the same again.
 */
const admin: Actor = { id: 'opfail-admin', email: 'admin@opfail.test', role: 'ADMIN' };

async function run(p: Promise<{ deploymentId: string }>) {
  const { deploymentId } = await p;
  await runDeployment(deploymentId);
  return db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
}

describe('failed scale and restart (real Docker + nginx)', () => {
  beforeAll(buildTestImage);
  afterAll(cleanupInstallation);
  afterEach(async () => {
    for (const app of await db.app.findMany({ select: { id: true } })) await teardownApp(app.id);
  });

  it('a scale past capacity stays as a failure at placement that names capacity and links Hosts, until a scale succeeds', async () => {
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });

    const refused = await scaleApp(admin, app.name, { web: { quantity: 20, tier: 'large' } }).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    const failure = (await getAppLiveState(admin, app.name)).failure!;
    expect(failureHeadline(failure)).toBe('Scale web=20:large failed at placement — v1 still serving');
    expect(failure).toMatchObject({ kind: 'operation', step: 'placement', serving: 1, link: { href: '/hosts', label: 'See free capacity on Hosts' } });
    // Says how much is free where (requests versus allocatable on the named host).
    expect(failure.reason).toMatch(/^Not enough capacity for 20 more web instances \(large\): requests 1 CPU and 1 GB memory; the most .* left to request is .* on local /);
    expect((await latestFailures([app.id]))[app.id]).toMatch(/^Scale web=20:large failed at placement: Not enough capacity/);
    const [entry] = await listAppActivity(admin, app.name, { limit: 1 });
    expect(entry).toMatchObject({ kind: 'app.scale.failed', group: 'scale', tone: 'bad', who: admin.email });
    expect(await runningContainers(app.name)).toHaveLength(1); // nothing changed

    // Retry asks again through the same checks: refused again, and the banner follows the newer row.
    await expect(retryOperation(admin, app.name, failure.operationId!)).rejects.toMatchObject({ code: 'CONFLICT' });
    const again = (await getAppLiveState(admin, app.name)).failure!;
    expect(again.operationId).not.toBe(failure.operationId);
    expect(again.subject).toBe('Scale web=20:large');

    // A scale that fits succeeds: the failure is history.
    expect((await run(scaleApp(admin, app.name, { web: { quantity: 2 } }))).status).toBe('SUCCEEDED');
    expect((await getAppLiveState(admin, app.name)).failure).toBeNull();
    expect((await latestFailures([app.id]))[app.id]).toBeUndefined();
  });

  it('a restart that fails its health check keeps the old instance serving and says where and why, until a retry succeeds', async () => {
    const app = await createTestApp();
    const { release } = await deployTestRelease(app.id, { VERSION: '1' });
    const before = (await runningContainers(app.name)).map((c) => c.Id);
    // The replacement must answer 204 on / — the test app answers 200.
    await db.release.update({ where: { id: release.id }, data: { healthcheck: { path: '/', expectedStatus: 204, timeoutMs: 1000, attempts: 2 } } });

    const failed = await run(restartApp(admin, app.name));
    expect(failed).toMatchObject({ kind: 'RESTART', status: 'FAILED', failedStep: 'health check' });
    expect(failed.reason).toContain('expected 204');
    expect(failed.reason).not.toContain('\n'); // one sentence; the app's log lines go to the detail
    expect((await runningContainers(app.name)).map((c) => c.Id)).toEqual(before);
    expect((await viaProxy(app.name)).status).toBe(200);
    const failure = (await getAppLiveState(admin, app.name)).failure!;
    expect(failureHeadline(failure)).toBe('Restart failed at health check — v1 still serving');
    expect(failure).toMatchObject({ kind: 'operation', operationId: failed.id, link: null, detail: failed.failureDetail });
    const [entry] = await listAppActivity(admin, app.name, { limit: 1 });
    expect(entry).toMatchObject({ kind: 'app.restart.failed', tone: 'bad' });
    expect(entry.message).toMatch(/^Restart failed at health check: /);

    // Retry once the check is fixed: a new RESTART succeeds, the banner goes away.
    await db.release.update({ where: { id: release.id }, data: { healthcheck: Prisma.DbNull } });
    const retried = await run(retryOperation(admin, app.name, failed.id));
    expect(retried).toMatchObject({ kind: 'RESTART', status: 'SUCCEEDED' });
    expect((await getAppLiveState(admin, app.name)).failure).toBeNull();
    expect((await runningContainers(app.name)).map((c) => c.Id)).not.toEqual(before);
  });
});
