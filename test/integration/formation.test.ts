import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { getFormation } from '../../lib/deploys/app-formation';
import { reconcileOnce } from '../../lib/deploys/reconcile';
import { runReleasePhase } from '../../lib/deploys/release-phase';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { scaleApp } from '../../lib/deploys/scale-app';
import { teardownApp } from '../../lib/deploys/teardown-app';
import { AppError } from '../../lib/errors';
import { followDeploy } from '../../lib/live/follow-deploy';
import type { FollowEvent } from '../../lib/live/progress-events';
import { createRelease } from '../../lib/releases/create-release';
import { TIERS } from '../../lib/model/tiers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, runningContainers, TEST_IMAGE, viaProxy } from './deploy-helpers';

/**
 * Process formation (web 1, other types 0 until scaled; a tier per type; app.json formation; a
 * type that exits at once does not crash-loop) and the release phase (once per release, before
 * the switch, output streamed to what `git push` follows; a failure keeps the previous release).
 */
const admin: Actor = { id: 'formation-admin', email: 'admin@formation.test', role: 'ADMIN' };
// The worker exits on SIGTERM, as a well-behaved worker does (a bare `sleep` as PID 1 ignores it):
// scaling it down or tearing the app down then takes no SIGKILL grace period.
const PROCFILE = { worker: "trap 'exit 0' TERM; sleep 600 & wait", custom: 'echo -n' };
const MB = 1024 * 1024;

async function run(p: Promise<{ deploymentId: string }>) {
  const { deploymentId } = await p;
  await runDeployment(deploymentId);
  return db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
}

const instancesOf = (appId: string) =>
  db.instance.findMany({ where: { appId, status: { not: 'STOPPED' } }, orderBy: [{ processType: 'asc' }, { index: 'asc' }] });

describe('process formation (real Docker + nginx)', () => {
  beforeAll(buildTestImage);
  afterAll(cleanupInstallation);
  afterEach(async () => {
    for (const app of await db.app.findMany({ select: { id: true } })) await teardownApp(app.id);
  });

  it('web starts with 1 and other types with 0; scaling sets count and tier per type; a type that exits at once is done', async () => {
    const app = await createTestApp();
    const { release } = await deployTestRelease(app.id, { VERSION: '1' }, { processTypes: PROCFILE });
    expect(release.status).toBe('LIVE');
    expect((await instancesOf(app.id)).map((i) => i.processType)).toEqual(['web']);
    expect((await getFormation(admin, app.name)).types.map((t) => [t.type, t.quantity, t.tier])).toEqual([
      ['web', 1, 'small'],
      ['custom', 0, 'small'],
      ['worker', 0, 'small'],
    ]);

    const scaled = await run(scaleApp(admin, app.name, { worker: { quantity: 2, tier: 'medium' }, custom: { quantity: 1 } }));
    expect(scaled.status, scaled.reason ?? '').toBe('SUCCEEDED');
    const rows = await instancesOf(app.id);
    expect(rows.map((i) => [i.processType, i.status])).toEqual([
      ['custom', 'EXITED'],
      ['web', 'RUNNING'],
      ['worker', 'RUNNING'],
      ['worker', 'RUNNING'],
    ]);
    const worker = rows.find((i) => i.processType === 'worker')!;
    expect(worker).toMatchObject({ ...TIERS.MEDIUM, hostPort: null });
    expect(rows.find((i) => i.processType === 'custom')).toMatchObject({ exitCode: 0, cpuRequest: TIERS.SMALL.cpuRequest });
    expect(await runningContainers(app.name)).toHaveLength(3); // the exited one is removed

    // Limits enforced by cgroups, requests as shares and memory reservation.
    const inspect = async (name: string) => (await localDocker().getContainer(name).inspect()).HostConfig;
    expect(await inspect(worker.containerName)).toMatchObject({
      NanoCpus: 1_000_000_000,
      CpuShares: 256,
      Memory: 512 * MB,
      MemoryReservation: 256 * MB,
      RestartPolicy: { Name: 'on-failure' },
    });
    const web = rows.find((i) => i.processType === 'web')!;
    expect(await inspect(web.containerName)).toMatchObject({ NanoCpus: 500_000_000, CpuShares: 51, Memory: 256 * MB, MemoryReservation: 64 * MB });

    // Level-based reconcile leaves the finished type alone: no restart, no converge, no loop.
    for (let i = 0; i < 2; i++) {
      const report = await reconcileOnce();
      expect(report.restarted).toEqual([]);
      expect(report.converged).not.toContain(app.name);
    }
    expect((await instancesOf(app.id)).find((i) => i.processType === 'custom')?.status).toBe('EXITED');

    // web 0 keeps the workers; the formation is what the Settings table shows.
    expect((await run(scaleApp(admin, app.name, { web: { quantity: 0 }, custom: { quantity: 0 } }))).status).toBe('SUCCEEDED');
    expect((await instancesOf(app.id)).map((i) => i.processType)).toEqual(['worker', 'worker']);
    expect((await viaProxy(app.name)).status).toBe(503);
    const formation = await getFormation(admin, app.name);
    expect(formation.types.find((t) => t.type === 'worker')).toMatchObject({ quantity: 2, tier: 'medium', ownTier: true, up: 2 });
  });

  it('refuses an unknown process type, the release type and a scale past capacity, changing nothing but the record of the refusal', async () => {
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' }, { processTypes: PROCFILE });
    const before = { rows: await db.processFormation.count(), deployments: await db.deployment.count(), events: await db.event.count() };

    const unknown = await scaleApp(admin, app.name, { web: { quantity: 2 }, bogus: { quantity: 1 } }).catch((e: AppError) => e);
    expect(unknown).toMatchObject({ code: 'BAD_REQUEST', fields: { bogus: 'unknown process type (this app has web, custom, worker)' } });
    const release = await scaleApp(admin, app.name, { release: { quantity: 1 } }).catch((e: AppError) => e);
    expect(release).toMatchObject({ code: 'BAD_REQUEST' });
    expect((release as Error).message).toMatch(/runs once per release/);

    // 20 large instances request 20 CPU; the host admits 1.75 × 2 = 3.5.
    const tooBig = await scaleApp(admin, app.name, { web: { quantity: 20, tier: 'large' } }).catch((e: AppError) => e);
    expect(tooBig).toMatchObject({ code: 'CONFLICT' });
    expect((tooBig as Error).message).toMatch(
      /^Not enough capacity for 20 more web instances \(large\): requests 1 CPU and 1 GB memory; the most CPU left to request is \d+ millicores on local \(1\.75 CPU allocatable × 2 overcommit, [\d.]+ CPU requested\)$/,
    );

    // Nothing changed but the record of the refusal: a FAILED SCALE row and its event (issue #16: it stays visible).
    expect({ rows: await db.processFormation.count(), deployments: await db.deployment.count(), events: await db.event.count() }).toEqual({
      ...before,
      deployments: before.deployments + 1,
      events: before.events + 1,
    });
    expect(await db.deployment.findFirstOrThrow({ where: { appId: app.id }, orderBy: { createdAt: 'desc' } })).toMatchObject({
      kind: 'SCALE',
      status: 'FAILED',
      failedStep: 'placement',
    });
    expect((await instancesOf(app.id)).map((i) => [i.processType, i.cpuRequest])).toEqual([['web', TIERS.SMALL.cpuRequest]]);
  });

  it('honours app.json formation for types no user scaled', async () => {
    const app = await createTestApp();
    const deploy = async (version: string, formation: Record<string, { quantity?: number; tier?: string }>) => {
      const { release, deploymentId } = await createRelease({
        appId: app.id,
        buildId: null,
        imageTag: TEST_IMAGE,
        commitSha: 'abcdef1234567890',
        env: { plain: { VERSION: version } },
        processTypes: PROCFILE,
        healthcheck: null,
        formation,
        description: `Deploy ${version}`,
      });
      await runDeployment(deploymentId);
      return db.release.findUniqueOrThrow({ where: { id: release.id } });
    };
    expect((await deploy('1', { web: { quantity: 2 }, worker: { quantity: 1, tier: 'MEDIUM' } })).status).toBe('LIVE');
    expect((await instancesOf(app.id)).map((i) => [i.processType, i.memoryLimitMb])).toEqual([
      ['web', 256],
      ['web', 256],
      ['worker', 512],
    ]);
    // A user's scale wins over app.json from then on; app.json still drives the types it alone set.
    expect((await run(scaleApp(admin, app.name, { worker: { quantity: 0 } }))).status).toBe('SUCCEEDED');
    expect((await deploy('2', { web: { quantity: 1 }, worker: { quantity: 1, tier: 'MEDIUM' } })).status).toBe('LIVE');
    expect((await instancesOf(app.id)).map((i) => i.processType)).toEqual(['web']);
    const formation = await getFormation(admin, app.name);
    expect(formation.types.find((t) => t.type === 'web')).toMatchObject({ quantity: 1, fromAppJson: true });
    expect(formation.types.find((t) => t.type === 'worker')).toMatchObject({ quantity: 0, fromAppJson: false });
  });
});

describe('release phase (real Docker + nginx)', () => {
  beforeAll(buildTestImage);
  afterAll(cleanupInstallation);
  afterEach(async () => {
    for (const app of await db.app.findMany({ select: { id: true } })) await teardownApp(app.id);
  });

  /** Deploys a release made from a (pretend) build while following it the way `git push` does. */
  async function pushLike(appId: string, version: string, processTypes: Record<string, string>) {
    const number = (await db.build.count({ where: { appId } })) + 1;
    const build = await db.build.create({
      data: { appId, number, commitSha: `${version}`.padEnd(40, '0'), status: 'SUCCEEDED', imageTag: TEST_IMAGE, processTypes, finishedAt: new Date() },
    });
    const events: FollowEvent[] = [];
    const follow = followDeploy({ appId, buildId: build.id, timeoutMs: 300_000, pollMs: 200 });
    const first = await follow.next(); // subscribed now: nothing published from here on is missed
    if (!first.done) events.push(first.value);
    const { release, deploymentId } = await createRelease({
      appId,
      buildId: build.id,
      imageTag: TEST_IMAGE,
      commitSha: build.commitSha,
      env: { plain: { VERSION: version } },
      processTypes,
      healthcheck: null,
      description: `Deploy ${version}`,
    });
    await Promise.all([
      runDeployment(deploymentId),
      (async () => {
        for await (const e of follow) events.push(e);
      })(),
    ]);
    return { events, release: await db.release.findUniqueOrThrow({ where: { id: release.id } }) };
  }
  const lines = (events: FollowEvent[]) =>
    events.flatMap((e) => (e.type === 'progress' ? [`${e.progress.output ? '  ' : ''}${e.progress.message}`] : []));

  it('runs once per release with its env, before any instance starts, streaming its output', async () => {
    const app = await createTestApp();
    const release = 'echo "migrating to v$VERSION"; echo "a warning" >&2; sleep 1; echo done';
    const { events, release: v1 } = await pushLike(app.id, '1', { release });
    expect(v1.status, v1.failureReason ?? '').toBe('LIVE');
    expect(events.at(-1)).toEqual({ type: 'end', outcome: 'live' });
    const text = lines(events);
    expect(text).toContain(`Running release command: ${release}`);
    expect(text).toEqual(expect.arrayContaining(['  migrating to v1', '  a warning', '  done']));
    expect(text.findIndex((l) => l.includes('migrating'))).toBeLessThan(text.findIndex((l) => l.startsWith('Starting 1 instance')));

    const phase = v1.releasePhase as { status: string; exitCode: number; output: string; finishedAt: string };
    expect(phase).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(phase.output).toContain('migrating to v1');
    const [web] = await db.instance.findMany({ where: { releaseId: v1.id } });
    expect(web.startedAt!.getTime()).toBeGreaterThanOrEqual(new Date(phase.finishedAt).getTime());
    // The one-off container is gone; it never was an instance.
    expect((await runningContainers(app.name)).map((c) => c.Labels['berth.process'])).toEqual(['web']);
    expect((await viaProxy(app.name)).body).toContain('version=1');

    // Once per release: a retried deploy step finds it recorded and does not run it again.
    await runReleasePhase(await db.app.findUniqueOrThrow({ where: { id: app.id } }), v1);
    expect((await db.release.findUniqueOrThrow({ where: { id: v1.id } })).releasePhase).toEqual(v1.releasePhase);
  });

  it('a non-zero exit fails the deploy with its output and the previous release keeps serving', async () => {
    const app = await createTestApp();
    expect((await pushLike(app.id, '1', {})).release.status).toBe('LIVE');
    // stdout and stderr are two pipes that Docker copies concurrently: the pause keeps their order.
    const { events, release: v2 } = await pushLike(app.id, '2', { release: 'echo "checking schema"; sleep 0.3; echo "migration 7 failed: no such table" >&2; exit 3' });
    expect(v2.status).toBe('FAILED');
    expect(events.at(-1)).toEqual({ type: 'end', outcome: 'deploy-failed' });
    expect(v2.failureReason).toBe('release command exited with code 3: migration 7 failed: no such table');
    expect(v2.failureDetail).toContain('its output ends with:\nchecking schema\nmigration 7 failed: no such table');
    expect(lines(events)).toEqual(expect.arrayContaining(['  checking schema', '  migration 7 failed: no such table']));
    expect(v2.releasePhase).toMatchObject({ status: 'failed', exitCode: 3 });
    // No instance of v2 ever started; v1 serves.
    expect(await db.instance.count({ where: { releaseId: v2.id } })).toBe(0);
    expect((await viaProxy(app.name)).body).toContain('version=1');
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id }, include: { currentRelease: true } })).currentRelease?.version).toBe(1);
  });
});
