import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { releaseFromBuild } from '../../lib/releases/release-from-build';
import { teardownApp } from '../../lib/deploys/teardown-app';
import {
  buildTestImage,
  cleanupInstallation,
  createTestApp,
  deployTestRelease,
  runningContainers,
  TEST_IMAGE,
  viaProxy,
} from './deploy-helpers';

// The failing release's port answers 500 until the startup deadline: 15 s instead of the default
// 60 (read when a deploy runs). The fixture's nginx answers in well under a second.
process.env.BERTH_HEALTH_STARTUP_SECONDS = '15';

describe('deploy pipeline (real Docker + nginx)', () => {
  beforeAll(buildTestImage);
  afterAll(cleanupInstallation);
  // The local host has little capacity (2 CPUs here): each test frees what it used.
  afterEach(async () => {
    for (const app of await db.app.findMany({ select: { id: true } })) await teardownApp(app.id);
  });

  it('deploys a release with limits and security options and serves it through nginx', async () => {
    const app = await createTestApp(undefined, { instances: 2 });
    const { release, deployment } = await deployTestRelease(app.id, { VERSION: '1', GREETING: 'hello' });
    expect(deployment.reason).toBeNull();
    expect(release.status).toBe('LIVE');
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).currentReleaseId).toBe(release.id);

    const res = await viaProxy(app.name);
    expect(res.status).toBe(200);
    expect(res.body).toContain('version=1 greeting=hello');

    const containers = await runningContainers(app.name);
    expect(containers).toHaveLength(2);
    const info = await localDocker().getContainer(containers[0].Id).inspect();
    // Default tier (small): limits enforced, requests as CPU shares and a memory reservation.
    expect(info.HostConfig.NanoCpus).toBe(500_000_000);
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.CpuShares).toBe(51);
    expect(info.HostConfig.MemoryReservation).toBe(64 * 1024 * 1024);
    expect(info.HostConfig.PidsLimit).toBe(256);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
    expect(info.HostConfig.Privileged).toBe(false);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(info.HostConfig.PortBindings['5000/tcp'][0].HostIp).toBe('127.0.0.1');
    expect(info.Config.Env).toContain('PORT=5000');
    expect(info.Config.Env).toContain(`BERTH_RELEASE=v${release.version}`);
  });

  it('a host port held by a process outside Berth is skipped, and the deploy still succeeds', async () => {
    const app = await createTestApp();
    const host = await db.host.findFirstOrThrow({ where: { isLocal: true } });
    // The lowest free port of the range is what the scheduler would hand out next: occupy it.
    const held = await db.instance.findMany({ where: { hostId: host.id, hostPort: { not: null }, status: { notIn: ['STOPPED'] } } });
    const taken = new Set(held.map((i) => i.hostPort));
    let port = host.portRangeStart;
    while (taken.has(port)) port++;
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const { release } = await deployTestRelease(app.id, { VERSION: '1' });
      expect(release.status).toBe('LIVE');
      const instance = await db.instance.findFirstOrThrow({ where: { releaseId: release.id } });
      expect(instance.hostPort).not.toBe(port);
      expect((await viaProxy(app.name)).body).toContain('version=1');
    } finally {
      squatter.close();
    }
  });

  it('unknown hosts get the Berth 404 page', async () => {
    const res = await viaProxy('does-not-exist-anywhere');
    expect(res.status).toBe(404);
    expect(res.body).toContain('Berth');
  });

  it('a release failing its health check is FAILED and the old one keeps serving', async () => {
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });
    const bad = await deployTestRelease(app.id, { VERSION: '2', FAIL: '1' });
    expect(bad.release.status).toBe('FAILED');
    expect(bad.release.failureReason).toMatch(/health check failed/);
    expect(bad.deployment.status).toBe('FAILED');
    const res = await viaProxy(app.name);
    expect(res.body).toContain('version=1');
    const containers = await runningContainers(app.name);
    expect(containers).toHaveLength(1);
    expect(containers[0].Labels['berth.version']).toBe('1');
    const free = await db.instance.count({ where: { releaseId: bad.release.id, status: { not: 'STOPPED' } } });
    expect(free).toBe(0);
  });

  it('a configured health check path must answer the expected status', async () => {
    const app = await createTestApp();
    const { release } = await deployTestRelease(
      app.id,
      { VERSION: '1' },
      { healthcheck: { path: '/', expectedStatus: 204, timeoutMs: 1000, attempts: 2 } },
    );
    expect(release.status).toBe('FAILED');
    expect(release.failureReason).toContain('expected 204');
    expect((await viaProxy(app.name)).status).toBe(503);
  });

  it('extra Procfile process types, once scaled, run as their own instance without a port', async () => {
    // Other types start at 0 (formation): this app has scaled its worker to 1.
    const app = await createTestApp(undefined, { formation: { create: { processType: 'worker', quantity: 1 } } });
    const { release } = await deployTestRelease(app.id, { VERSION: '1' }, { processTypes: { web: 'ignored', worker: 'sleep 3600' } });
    expect(release.status).toBe('LIVE');
    const containers = await runningContainers(app.name);
    const worker = containers.find((c) => c.Labels['berth.process'] === 'worker')!;
    expect(containers).toHaveLength(2);
    const info = await localDocker().getContainer(worker.Id).inspect();
    expect(info.Config.Cmd).toEqual(['/bin/sh', '-c', 'sleep 3600']);
    expect(info.HostConfig.PortBindings ?? {}).toEqual({});
    expect((await viaProxy(app.name)).body).toContain('version=1');
  });

  it('releaseFromBuild creates one release per build and deploys it', async () => {
    const app = await createTestApp();
    await db.envVar.deleteMany({ where: { appId: app.id } });
    const build = await db.build.create({
      data: {
        appId: app.id,
        number: 1,
        commitSha: '1234567890abcdef',
        status: 'SUCCEEDED',
        imageTag: TEST_IMAGE,
        processTypes: {},
      },
    });
    const a = await releaseFromBuild(build.id);
    const b = await releaseFromBuild(build.id);
    expect(b).toEqual(a);
    const release = await db.release.findUniqueOrThrow({ where: { id: a.releaseId } });
    expect(release.description).toBe('Deploy 1234567');
    expect(release.version).toBe(1);
  });
});
