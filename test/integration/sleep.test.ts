import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { getApp } from '../../lib/apps/get-app';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { stopApp } from '../../lib/deploys/app-operations';
import { systemClock } from '../../lib/background/clock';
import { reconcileOnce } from '../../lib/deploys/reconcile';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { localDocker } from '../../lib/docker/connect';
import { inspectContainer } from '../../lib/docker/containers';
import { containerOwner } from '../../lib/docker/container-owner';
import { teardownApp } from '../../lib/deploys/teardown-app';
import { createRelease } from '../../lib/releases/create-release';
import { setSleepAfterIdle, sleepApp, wakeApp } from '../../lib/sleep/sleep-app';
import { sleepIdleApps } from '../../lib/sleep/sleep-idle-apps';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, runningContainers, viaProxy } from './deploy-helpers';
import { waitFor } from './support/wait-for';
import { settledDeployment } from './harness/settled-deployment';
import { freePort } from '../../scripts/harness/free-port';

/**
 * Sleeping apps and wake on request, end to end: real Docker, the run's nginx, and the worker
 * modules (deploys, hosts, waker) in this process. nginx hands a sleeping app's requests to the
 * waker on loopback, which starts the app, holds the request and proxies it.
 */
const run = promisify(execFile);
const admin: Actor = { id: 'test-admin', email: 'admin@example.test', role: 'ADMIN' };
const SLEEP_IMAGE = 'berth-test/sleep-app:1';

let stopWorkers: (() => Promise<void>) | undefined;


beforeAll(async () => {
  // Before anything reads the configuration: this file's waker port (nginx points at it).
  process.env.BERTH_WAKER_PORT = String(await freePort());
  await buildTestImage();
  await run('docker', ['build', '-q', '-t', SLEEP_IMAGE, path.join(import.meta.dirname, 'sleep-fixture')], { timeout: 600_000 });
  expect(config().BERTH_WAKER_PORT).toBe(Number(process.env.BERTH_WAKER_PORT));
}, 900_000);
afterAll(async () => {
  await stopWorkers?.();
  await cleanupInstallation();
});
afterEach(async () => {
  for (const app of await db.app.findMany({ select: { id: true } })) await teardownApp(app.id);
});

async function deployedApp() {
  const app = await createTestApp();
  const { deploymentId } = await createRelease({
    appId: app.id,
    buildId: null,
    imageTag: SLEEP_IMAGE,
    commitSha: 'abcdef1234567890',
    env: { plain: { VERSION: '1' } },
    processTypes: {},
    healthcheck: null,
    description: 'Deploy sleep test',
  });
  await runDeployment(deploymentId);
  expect((await viaProxy(app.name)).body).toContain('version=1');
  return app;
}

/** The container's state, or null when it is gone. */
async function containerState(id: string) {
  return (await inspectContainer(localDocker(), id))?.State ?? null;
}

/** A request through nginx with the app's Host header (fresh connection each time). */
function request(name: string, method: string, pathname: string, body?: string): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: config().BERTH_PROXY_PORT, method, path: pathname, agent: false, timeout: 180_000, headers: { Host: `${name}.${config().BERTH_APPS_DOMAIN}`, ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: Date.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

describe('sleeping apps (real Docker + nginx + waker)', () => {
  it('sleep stops the containers (status sleeping); curl POST through nginx wakes it with method and body intact', async () => {
    stopWorkers = await startWorkers(['hosts', 'deploys', 'waker']);
    const app = await deployedApp();
    const reservedBefore = await db.instance.count({ where: { appId: app.id, status: 'RUNNING' } });
    expect(reservedBefore).toBe(1);
    const awake = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });

    const { deploymentId } = await sleepApp(admin, app.name);
    expect((await settledDeployment(deploymentId)).status).toBe('SUCCEEDED');
    expect(await runningContainers(app.name)).toHaveLength(0);
    expect(await db.instance.count({ where: { appId: app.id, status: { in: ['STARTING', 'RUNNING'] } } })).toBe(0); // capacity released
    // The container is kept, stopped, for the wake — joined to a network holder that keeps the
    // app's network namespace and publishes the instance's port (held-network.ts) — and the
    // reconciler leaves both alone, however old.
    const kept = (await inspectContainer(localDocker(), awake.containerName))!;
    const holder = (await inspectContainer(localDocker(), `${awake.containerName}-net`))!;
    expect(kept.State.Running).toBe(false);
    expect(kept.HostConfig.NetworkMode).toBe(`container:${holder.Id}`);
    expect(holder.State.Running).toBe(true);
    expect(holder.HostConfig.PortBindings?.['5000/tcp']?.[0]?.HostPort).toBe(String(awake.hostPort));
    expect(holder.HostConfig).toMatchObject({ Memory: 16 * 1024 * 1024, ReadonlyRootfs: true, CapDrop: ['ALL'] });
    // The row names the kept container (a new one, joined): whose it is stays answerable while it
    // sleeps (container-owner.ts; the log shipper asks about every listed container).
    expect((await db.instance.findUniqueOrThrow({ where: { id: awake.id } })).containerId).toBe(kept.Id);
    expect((await containerOwner(kept.Id))?.instanceId).toBe(awake.id);
    await reconcileOnce({ clock: { ...systemClock, now: () => Date.now() + 60 * 60_000 } });
    expect(await containerState(kept.Id)).not.toBeNull();
    expect((await containerState(holder.Id))?.Running).toBe(true);
    expect((await getApp(admin, app.name)).status).toBe('sleeping');
    // Bad input changes nothing: already sleeping → 409.
    expect(await sleepApp(admin, app.name).catch((e) => e.code)).toBe('CONFLICT');

    // curl (a real client) through nginx: the waker holds the POST and proxies it once healthy.
    const payload = 'order=42&note=h%C3%A9llo+sleepy&x=1';
    const started = Date.now();
    const { stdout } = await run('curl', ['-sS', '--max-time', '120', '-X', 'POST', '--data-binary', payload, '-H', `Host: ${app.name}.${config().BERTH_APPS_DOMAIN}`, '-w', '\\n%{http_code}', `http://127.0.0.1:${config().BERTH_PROXY_PORT}/echo`]);
    const wakeMs = Date.now() - started;
    const lines = stdout.trim().split('\n');
    const code = lines.at(-1);
    const answer = lines[0];
    console.log(`[sleep.test] wake on request: ${wakeMs} ms (curl POST held by the waker until healthy)`);
    expect(code).toBe('200');
    expect(answer).toBe(`method=POST body=${payload}`);
    expect((await getApp(admin, app.name)).status).toBe('live');
    expect(await db.event.count({ where: { appId: app.id, kind: 'app.wake' } })).toBe(1);
    // Nothing changed while it slept: the wake started the kept container, on the same port, in
    // the namespace its holder kept.
    const woken = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
    expect(woken).toMatchObject({ id: awake.id, containerId: kept.Id, hostPort: awake.hostPort });
    expect((await containerState(holder.Id))?.Running).toBe(true);
    // The wake deployment switched nginx back to the app itself.
    await waitFor(async () => (await db.deployment.count({ where: { appId: app.id, kind: 'START', status: 'SUCCEEDED' } })) === 1, 60_000, 'the START deployment');
    expect((await viaProxy(app.name)).body).toContain('version=1');

    // Waking an awake app, or sleeping a stopped one, is a 409 that changes nothing.
    expect(await wakeApp(admin, app.name).catch((e) => e.code)).toBe('CONFLICT');
    const stop = await stopApp(admin, app.name);
    await settledDeployment(stop.deploymentId);
    expect(await sleepApp(admin, app.name).catch((e) => e.code)).toBe('CONFLICT');
    // A stopped app keeps nothing: the container and its holder are gone.
    expect(await containerState(kept.Id)).toBeNull();
    expect(await containerState(holder.Id)).toBeNull();
    const after = await db.app.findUniqueOrThrow({ where: { id: app.id } });
    expect(after).toMatchObject({ desiredState: 'STOPPED', sleepingSince: null });
    expect((await getApp(admin, app.name)).status).toBe('stopped');
  }, 300_000);

  it('20 concurrent requests to a sleeping app cause one start', async () => {
    const app = await deployedApp();
    const { deploymentId } = await sleepApp(admin, app.name);
    await settledDeployment(deploymentId);
    // Docker takes fractional seconds: a whole second would also count the deploy's own start when
    // deploy → sleep → stopped fits in the same second.
    const since = (Date.now() / 1000).toFixed(3);

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => request(app.name, i % 2 ? 'POST' : 'GET', i % 2 ? '/echo' : '/', i % 2 ? `n=${i}` : undefined)));
    console.log(`[sleep.test] 20 concurrent: slowest ${Math.max(...results.map((r) => r.ms))} ms, fastest ${Math.min(...results.map((r) => r.ms))} ms`);
    for (const [i, r] of results.entries()) {
      expect(r.status).toBe(200);
      expect(r.body).toBe(i % 2 ? `method=POST body=n=${i}\n` : 'version=1 greeting=\n');
    }
    expect(await db.deployment.count({ where: { appId: app.id, kind: 'START' } })).toBe(1);
    expect(await db.event.count({ where: { appId: app.id, kind: 'app.wake' } })).toBe(1);
    // Docker's own record: exactly one container of this app started since the requests began.
    const { stdout } = await run('docker', ['events', '--since', since, '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', 'event=start', '--filter', `label=berth.app=${app.name}`, '--format', '{{.Actor.ID}}']);
    expect(stdout.trim().split('\n').filter(Boolean)).toHaveLength(1);
    expect(await runningContainers(app.name)).toHaveLength(1);
  }, 300_000);

  it('sleepIdleApps puts an app to sleep after its idle minutes (injected time); a request counts as activity', async () => {
    const app = await deployedApp();
    const t0 = Date.now();
    expect(await sleepIdleApps(new Date(t0 + 60 * 60_000))).toEqual([]); // off by default (0)
    await setSleepAfterIdle(admin, app.name, 5);
    expect(await sleepIdleApps(new Date(t0 + 4 * 60_000))).toEqual([]); // just deployed
    // A request in the proxy access log (ingested into RequestStat) 3 minutes from now.
    const minute = new Date(Math.floor((t0 + 3 * 60_000) / 60_000) * 60_000);
    await db.requestStat.create({ data: { appId: app.id, minute, count: 1, errors: 0, totalMs: 1, maxMs: 1 } });
    expect(await sleepIdleApps(new Date(t0 + 7 * 60_000))).toEqual([]);
    expect(await sleepIdleApps(new Date(t0 + 10 * 60_000))).toEqual([app.name]);
    const row = await db.app.findUniqueOrThrow({ where: { id: app.id } });
    expect(row.desiredState).toBe('STOPPED');
    expect(row.sleepingSince).not.toBeNull();
    const stop = await db.deployment.findFirstOrThrow({ where: { appId: app.id, kind: 'STOP' } });
    await settledDeployment(stop.id);
    expect(await runningContainers(app.name)).toHaveLength(0);
    expect(await sleepIdleApps(new Date(t0 + 20 * 60_000))).toEqual([]); // already asleep
  }, 300_000);

  it('a new release while asleep: the wake creates a new container, and the kept one of the old release is removed', async () => {
    const app = await deployedApp();
    const v1 = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
    await settledDeployment((await sleepApp(admin, app.name)).deploymentId);
    const v1Kept = (await inspectContainer(localDocker(), v1.containerName))!;
    const v1Holder = (await inspectContainer(localDocker(), `${v1.containerName}-net`))!;
    expect(v1Kept.State.Running).toBe(false);

    // An env change while asleep is a new release: deployed, but nothing starts (still asleep).
    const v2 = await createRelease({ appId: app.id, buildId: null, imageTag: SLEEP_IMAGE, commitSha: 'abcdef1234567890', env: { plain: { VERSION: '2' } }, processTypes: {}, healthcheck: null, description: 'env while asleep' });
    await runDeployment(v2.deploymentId);
    expect(await runningContainers(app.name)).toHaveLength(0);
    // The old release's stopped container is no longer kept: a stray once past the grace period.
    await reconcileOnce({ clock: { ...systemClock, now: () => Date.now() + 60 * 60_000 } });
    expect(await containerState(v1Kept.Id)).toBeNull();
    expect(await containerState(v1Holder.Id)).toBeNull(); // and its network holder with it

    const r = await request(app.name, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('version=2');
    const woken = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
    expect(woken.containerId).not.toBe(v1Kept.Id);
    expect(await runningContainers(app.name)).toHaveLength(1);
  }, 300_000);

  it('past the wake timeout the waker answers a clear 503 page', async () => {
    await stopWorkers?.();
    // No deploys worker: the START deployment stays queued, so the app never comes up.
    stopWorkers = await startWorkers(['hosts', 'waker'], { waker: { timeoutMs: 1_500 } });
    const app = await deployedApp();
    const { deploymentId } = await sleepApp(admin, app.name);
    await runDeployment(deploymentId);
    const r = await request(app.name, 'GET', '/');
    expect(r.status).toBe(503);
    expect(r.body).toContain('waking up');
    expect(r.body).toContain(app.name);
  }, 300_000);
});
