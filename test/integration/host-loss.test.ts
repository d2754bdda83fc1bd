import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { config } from '../../lib/config';
import { db, type Host } from '../../lib/db';
import { connectDocker, localDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { addHost } from '../../lib/hosts/add-host';
import { deleteHost } from '../../lib/hosts/delete-host';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { parsePortRange } from '../../lib/hosts/port-range';
import { nginxFiles } from '../../lib/proxy/nginx';
import { loadProxyApps } from '../../lib/proxy/sync-proxy';
import { registryRef } from '../../lib/registry/image-ref';
import { createRelease } from '../../lib/releases/create-release';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, proxyLoad, TEST_IMAGE, viaProxy } from './deploy-helpers';
import { waitFor } from './support/wait-for';
import { healEngine, killEngine, partitionEngine, restartEngine, startEngine, stopEngine, type Engine } from '../../scripts/harness/extra-engines';

/**
 * Host loss, injected for real on a second Docker engine that runs in its own network namespace
 * (scripts/extra-dockerd.sh; Berth reaches it over tcp on its veth) while the real heartbeat and
 * reconcile loops run — on a shorter schedule than production's (3 s heartbeats, 15 s grace, 5 s
 * reconcile): the same code paths, but each loss is noticed in seconds rather than tens of them
 * (the production figures are measured by bench/chaos.ts, docs/benchmarks.md):
 *  - crash: the engine, its containerd and every container process are SIGKILLed, like a host
 *    losing power; later the engine is started again on the same data-root;
 *  - partition: iptables DROP on the engine's veth inside its namespace; the containers over
 *    there keep running, unreachable.
 * Either way the host turns UNREACHABLE, its instance is placed again on the other host and the
 * proxy drops it, with no failed request for an app of two instances; when the host is back its
 * stale container is removed and never routed again (never served twice). A partition is the hard
 * case (packets vanish: nginx's kept-alive connection gets no answer, no reset): the proxy routes
 * around the host from its first failed heartbeat and aborts the stalled connection, so the request
 * on it goes to the other instance (lib/hosts/route-around-suspect-hosts.ts).
 */
const admin: Actor = { id: 'host-loss-test-admin', email: 'admin@host-loss.test', role: 'ADMIN' };
const IMAGE_REPO = 'berth-test/host-loss';
const imageTag = () => `${IMAGE_REPO}:${config().BERTH_INSTALLATION}`;

let engine: Engine;
let local: Host;
let remote: Host;
let stopWorkers: (() => Promise<void>) | undefined;

async function deploy(appId: string) {
  const { release, deploymentId } = await createRelease({
    appId,
    buildId: null,
    imageTag: imageTag(),
    commitSha: 'abcdef1234567890',
    env: { plain: { VERSION: 'hl' } },
    processTypes: {},
    healthcheck: null,
    description: 'host loss',
  });
  await runDeployment(deploymentId);
  return release.id;
}

async function setup(appName: string) {
  const app = await createTestApp(appName, { instances: 2, placement: 'SPREAD' });
  const releaseId = await deploy(app.id);
  // Known issue (reported, lib/docker is not this test's): the first deploy to an engine that was
  // just killed and restarted can fail with "socket hang up". Said loudly, then tried once more.
  const failed = await db.release.findUniqueOrThrow({ where: { id: releaseId } });
  if (failed.status === 'FAILED') {
    console.warn(`[host-loss] first deploy of ${appName} failed (${failed.failureReason}); deploying again`);
    await deploy(app.id);
  }
  const rows = await db.instance.findMany({ where: { appId: app.id, status: 'RUNNING' } });
  expect(rows).toHaveLength(2);
  const there = rows.find((r) => r.hostId === remote.id);
  expect(there, 'one instance on the extra engine').toBeDefined();
  return { app, there: there! };
}

/** Waits for the slot lost with the host to run again elsewhere; returns the ms since `t0`. */
async function waitReplaced(instanceId: string, t0: number): Promise<number> {
  await waitFor(
    async () => {
      const row = await db.instance.findUniqueOrThrow({ where: { id: instanceId } });
      return row.status === 'RUNNING' && row.hostId === local.id;
    },
    120_000,
    'the lost instance to run on the other host',
  );
  return Date.now() - t0;
}

async function staleContainers(docker: ReturnType<typeof connectDocker>, appName: string) {
  return docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`, `${LABEL.app}=${appName}`] },
  });
}

/**
 * Waits until the engine holds no container of the app, checking all along that the proxy never
 * routes the host's address again (the stale container may be restarted by its restart policy
 * when the engine returns: it must never serve).
 */
async function waitStaleRemoved(appName: string) {
  const docker = connectDocker({ dockerUrl: engine.socketUrl });
  await waitFor(
    async () => {
      const proxied = (await loadProxyApps()).find((a) => a.name === appName);
      expect(proxied?.upstreams.some((u) => u.startsWith(`${engine.address}:`))).toBe(false);
      return (await staleContainers(docker, appName)).length === 0;
    },
    90_000,
    'the stale container removed',
  );
}

const hostStatus = async () => (await db.host.findUniqueOrThrow({ where: { id: remote.id } })).status;

describe('host loss (a second engine in its own network namespace crashes or is partitioned)', () => {
  beforeAll(async () => {
    await buildTestImage();
    await localDocker().getImage(TEST_IMAGE).tag({ repo: IMAGE_REPO, tag: config().BERTH_INSTALLATION });
    engine = await startEngine('hl', 9);
    local = await ensureLocalHost();
    const { start } = parsePortRange(config().BERTH_PORT_RANGE);
    const first = start + 20_500;
    remote = await addHost(admin, {
      name: `hl-${config().BERTH_INSTALLATION.slice(-6)}`,
      dockerUrl: engine.dockerUrl,
      address: engine.address,
      labels: {},
      portRange: `${first}-${first + 49}`,
      force: true, // plain tcp:// to an engine in this machine's own network namespace
    });
    // A heartbeat times out after 3 s (lib/hosts/heartbeat.ts): a 6 s grace still needs two
    // silent heartbeats in a row, so a busy local engine is not written off by one slow answer.
    stopWorkers = await startWorkers(['hosts', 'reconcile'], {
      hosts: { intervalMs: 1_000, graceSeconds: 6 },
      reconcile: { intervalMs: 2_000 },
    });
  }, 600_000); // an image build and an engine start: minutes on a loaded machine

  afterAll(async () => {
    await stopWorkers?.();
    if (engine) {
      await healEngine(engine).catch(() => undefined);
      await restartEngine(engine).catch(() => undefined);
    }
    await cleanupInstallation().catch(() => undefined);
    if (remote) {
      const docker = connectDocker({ dockerUrl: engine.socketUrl });
      const mine = await docker
        .listContainers({ all: true, filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`] } })
        .catch(() => []);
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      await db.instance.updateMany({ where: { hostId: remote.id }, data: { status: 'STOPPED' } });
      await deleteHost(admin, remote.id).catch(() => undefined);
    }
    for (const ref of [imageTag(), registryRef(config().BERTH_REGISTRY, imageTag())])
      await localDocker().getImage(ref).remove().catch(() => undefined);
    if (engine) await stopEngine(engine);
  }, 180_000);

  it('crash: engine and containers SIGKILLed — placed again, no request lost, stale container removed when the engine restarts', async () => {
    const { app, there } = await setup('hlcrash');
    const traffic = proxyLoad(app.name, { intervalMs: 100, maxRequests: 3_000 });
    await new Promise((r) => setTimeout(r, 1_000));

    const t0 = Date.now();
    await killEngine(engine);
    const ms = await waitReplaced(there.id, t0).catch(async (error) => {
      await restartEngine(engine);
      throw error;
    });
    // The 30 s target is measured by bench/chaos.ts (docs/benchmarks.md): a test asserts behaviour.
    console.log(`[host-loss] crash: engine killed → lost instance running on the other host in ${ms} ms`);
    const events = await db.event.findMany({ where: { hostId: remote.id, kind: { in: ['host.unreachable', 'instance.lost'] } } });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['host.unreachable', 'instance.lost']));
    // nginx routes only the live hosts' instances.
    const proxied = (await loadProxyApps()).find((a) => a.name === app.name);
    expect(proxied?.upstreams).toHaveLength(2);
    expect(proxied?.upstreams).not.toContain(`${engine.address}:${there.hostPort}`);
    await new Promise((r) => setTimeout(r, 2_000));
    const { failures, total } = await traffic.stop();
    console.log(`[host-loss] crash: ${total} requests, ${failures.length} failed`);
    expect(failures).toEqual([]);

    // The engine comes back on the same data-root (safe now: its bridges live in its own
    // namespace): its restart policy may bring the old container up, but nothing routes it and
    // the reconciler removes it.
    await restartEngine(engine);
    await waitFor(async () => (await hostStatus()) === 'READY', 90_000, 'host READY');
    await waitStaleRemoved(app.name);
    expect(await db.instance.count({ where: { appId: app.id, status: 'RUNNING' } })).toBe(2);
    expect((await viaProxy(app.name)).status).toBe(200);
  }, 300_000);

  it("partition: iptables DROP on the engine's veth — placed again, no request lost, stale container removed when it heals", async () => {
    await restartEngine(engine); // running already unless the crash test stopped half-way
    await waitFor(async () => (await hostStatus()) === 'READY', 90_000, 'host READY');
    const { app, there } = await setup('hlpart');
    const docker = connectDocker({ dockerUrl: engine.socketUrl });
    const traffic = proxyLoad(app.name, { intervalMs: 100, maxRequests: 3_000 });
    await new Promise((r) => setTimeout(r, 1_000));

    const t0 = Date.now();
    await partitionEngine(engine, 'drop');
    // Besides the loop, a burst right at the cut (bounded: 8 GETs) on new client connections
    // spread over nginx's workers: those round-robined to the cut-off instance either open a new
    // upstream connection (connect timeout, 2 s, then the other instance) or reuse a kept-alive
    // one, black-holed until the abort (nginx logs "Software caused connection abort").
    const burst = Promise.all(
      Array.from({ length: 8 }, async () => {
        const started = Date.now();
        const answer = await viaProxy(app.name).then((r) => `HTTP ${r.status}`, (e: Error) => e.message);
        return { answer, ms: Date.now() - started };
      }),
    );
    const ms = await waitReplaced(there.id, t0).catch(async (error) => {
      await healEngine(engine);
      throw error;
    });
    console.log(`[host-loss] partition: DROP → lost instance running on the other host in ${ms} ms`);
    const { failures, total } = await traffic.stop();
    const burstAnswers = await burst;
    console.log(`[host-loss] partition: ${total} requests, ${failures.length} failed; burst: ${burstAnswers.map((b) => `${b.answer} in ${b.ms} ms`).join(', ')}`);
    expect(burstAnswers.map((b) => b.answer)).toEqual(Array(8).fill('HTTP 200'));
    // None lost. A GET nginx sent on a kept-alive connection to the host as it was cut off gets
    // no answer (a black hole, not a refusal) and would wait proxy_read_timeout (120 s), far past
    // this client's 10 s; instead the host turned suspect at its first failed heartbeat, the proxy
    // stopped routing it there and that stalled connection was aborted, so nginx resent the GET
    // to the other instance within seconds.
    expect(failures, failures.join('; ')).toEqual([]);
    // Routed around before being written off: suspect from a failed heartbeat before UNREACHABLE.
    const suspectSince = (await db.host.findUniqueOrThrow({ where: { id: remote.id } })).suspectSince;
    const unreachable = await db.event.findFirst({
      where: { hostId: remote.id, kind: 'host.unreachable', createdAt: { gte: new Date(t0) } },
      orderBy: { createdAt: 'asc' },
    });
    expect(suspectSince, 'the host is suspect while cut off').not.toBeNull();
    expect(unreachable, 'the host turned UNREACHABLE').not.toBeNull();
    expect(suspectSince!.getTime()).toBeLessThan(unreachable!.createdAt.getTime());
    // What nginx saw of the cut-off host: connect timeouts (new connections, retried on the
    // other instance) and the aborted kept-alive connection ("Software caused connection abort").
    const errorLog = await readFile(path.join(nginxFiles().dir, 'error.log'), 'utf8').catch(() => '');
    const cut = errorLog.split('\n').filter((l) => l.includes(`${engine.address}:`) && /timed out|refused|reset|abort/.test(l));
    console.log(`[host-loss] partition: nginx error.log about ${engine.address}:\n${cut.slice(-5).join('\n')}`);
    // Still running over there (a partition kills nothing), but no longer routed.
    expect(await staleContainers(docker, app.name)).toHaveLength(1);

    await healEngine(engine);
    await waitFor(async () => (await hostStatus()) === 'READY', 90_000, 'host READY');
    await waitStaleRemoved(app.name);
    expect(await db.instance.count({ where: { appId: app.id, status: 'RUNNING' } })).toBe(2);
  }, 300_000);
});
