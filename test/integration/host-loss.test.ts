import net from 'node:net';
import { readFileSync } from 'node:fs';
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
import { loadProxyApps } from '../../lib/proxy/sync-proxy';
import { registryRef } from '../../lib/registry/image-ref';
import { createRelease } from '../../lib/releases/create-release';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, TEST_IMAGE, viaProxy } from './deploy-helpers';
import { waitFor } from './logs-fixtures';
import { startEngine, stopEngine, type Engine } from './support/extra-engines';

/**
 * Host loss, injected for real on a second Docker engine (scripts/extra-dockerd.sh) while the
 * real hosts and reconcile loops run (default 5 s heartbeats, 15 s grace):
 *  - crash: the engine is frozen (SIGSTOP: it answers nothing) and its instance's process is
 *    SIGKILLed, so that host neither serves nor answers;
 *  - partition: Berth reaches the engine through a TCP front that the test cuts (every open
 *    connection dropped, new ones refused); the containers over there keep running.
 * Either way the host turns UNREACHABLE, its instance is placed again on the other host and the
 * proxy drops it, with no failed request for an app of two instances; when the host is back its
 * stale container is removed, never served twice.
 * (The engine is never killed and restarted here: an extra engine sharing the host's network
 * namespace can delete the main engine's bridge when it restarts after an unclean stop.)
 */
const admin: Actor = { id: 'host-loss-test-admin', email: 'admin@host-loss.test', role: 'ADMIN' };
const IMAGE_REPO = 'berth-test/host-loss';
const imageTag = () => `${IMAGE_REPO}:${config().BERTH_INSTALLATION}`;

let engine: Engine;
let local: Host;
let remote: Host;
let stopWorkers: (() => Promise<void>) | undefined;
let front: Awaited<ReturnType<typeof socketFront>> | undefined;

/** A TCP front for a unix socket that the test can cut like a network partition. */
async function socketFront(socketPath: string) {
  const sockets = new Set<net.Socket>();
  let accepting = true;
  const server = net.createServer((client) => {
    if (!accepting) return client.destroy();
    const upstream = net.connect(socketPath);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', drop);
      s.on('close', () => {
        drop();
        sockets.delete(s);
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cut = () => {
    accepting = false;
    for (const s of sockets) s.destroy();
  };
  return { url: `tcp://127.0.0.1:${port}`, cut, restore: () => (accepting = true), close: () => (cut(), server.close()) };
}

async function deploy(appId: string) {
  const { deploymentId } = await createRelease({
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
}

/** Requests through nginx every 100 ms until stopped; counts answers other than 200. */
function load(appName: string) {
  let stop = false;
  const failures: string[] = [];
  let total = 0;
  const done = (async () => {
    for (let i = 0; i < 3_000 && !stop; i++) {
      total++;
      try {
        const res = await viaProxy(appName);
        if (res.status !== 200) failures.push(`HTTP ${res.status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      stop = true;
      await done;
      return { failures, total };
    },
  };
}

async function setup(appName: string) {
  const app = await createTestApp(appName, { instances: 2, placement: 'SPREAD' });
  await deploy(app.id);
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
    60_000,
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

describe('host loss (a second engine crashes or is partitioned)', () => {
  beforeAll(async () => {
    await buildTestImage();
    await localDocker().getImage(TEST_IMAGE).tag({ repo: IMAGE_REPO, tag: config().BERTH_INSTALLATION });
    engine = await startEngine('hl', 9);
    local = await ensureLocalHost();
    front = await socketFront(new URL(engine.dockerUrl).pathname);
    const { start } = parsePortRange(config().BERTH_PORT_RANGE);
    const first = start + 20_500;
    remote = await addHost(admin, {
      name: `hl-${config().BERTH_INSTALLATION.slice(-6)}`,
      dockerUrl: front.url,
      address: '127.0.0.1',
      labels: {},
      portRange: `${first}-${first + 49}`,
      force: true, // a plain tcp:// front on loopback that the test cuts: trusted, as an admin would say
    });
    stopWorkers = await startWorkers(['hosts', 'reconcile']);
  }, 240_000);

  afterAll(async () => {
    await stopWorkers?.();
    front?.restore();
    if (engine) {
      const pid = Number(readFileSync('/run/berth-dockerd-hl.pid', 'utf8'));
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* not running */
      }
    }
    await cleanupInstallation().catch(() => undefined);
    if (remote) {
      const docker = connectDocker({ dockerUrl: engine.dockerUrl });
      const mine = await docker
        .listContainers({ all: true, filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`] } })
        .catch(() => []);
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      await db.instance.updateMany({ where: { hostId: remote.id }, data: { status: 'STOPPED' } });
      await deleteHost(admin, remote.id).catch(() => undefined);
    }
    front?.close();
    for (const ref of [imageTag(), registryRef(config().BERTH_REGISTRY, imageTag())])
      await localDocker().getImage(ref).remove().catch(() => undefined);
    if (engine) await stopEngine(engine);
  }, 120_000);

  it('crash: the engine stops answering and its instance dies — placed again within 30 s, no request lost, stale container removed when it returns', async () => {
    const { app, there } = await setup('hlcrash');
    const docker = connectDocker({ dockerUrl: engine.dockerUrl });
    const pid = (await docker.getContainer(there.containerName).inspect()).State.Pid;
    const dockerdPid = Number(readFileSync('/run/berth-dockerd-hl.pid', 'utf8'));
    const traffic = load(app.name);
    await new Promise((r) => setTimeout(r, 1_000));

    const t0 = Date.now();
    process.kill(dockerdPid, 'SIGSTOP');
    process.kill(pid, 'SIGKILL');
    const ms = await waitReplaced(there.id, t0).finally(() => setTimeout(() => process.kill(dockerdPid, 'SIGCONT'), 70_000).unref());
    console.log(`[host-loss] crash: engine dead → lost instance running on the other host in ${ms} ms`);
    expect(ms).toBeLessThan(30_000);
    const events = await db.event.findMany({ where: { hostId: remote.id, kind: { in: ['host.unreachable', 'instance.lost'] } } });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['host.unreachable', 'instance.lost']));
    // nginx routes only the live hosts' instances.
    const proxied = (await loadProxyApps()).find((a) => a.name === app.name);
    expect(proxied?.upstreams).toHaveLength(2);
    expect(proxied?.upstreams).not.toContain(`127.0.0.1:${there.hostPort}`);
    await new Promise((r) => setTimeout(r, 2_000));
    const { failures, total } = await traffic.stop();
    console.log(`[host-loss] crash: ${total} requests, ${failures.length} failed`);
    expect(failures).toEqual([]);

    // The engine comes back: its restart policy may bring the old container up, but nothing
    // routes it and the reconciler removes it.
    process.kill(dockerdPid, 'SIGCONT');
    await waitFor(async () => (await db.host.findUniqueOrThrow({ where: { id: remote.id } })).status === 'READY', 60_000, 'host READY');
    await waitFor(async () => (await staleContainers(docker, app.name)).length === 0, 60_000, 'the stale container removed');
    expect(await db.instance.count({ where: { appId: app.id, status: 'RUNNING' } })).toBe(2);
    expect((await viaProxy(app.name)).status).toBe(200);
  }, 240_000);

  it('partition: Berth cannot reach the engine — placed again within 30 s, no request lost, stale container removed when it heals', async () => {
    // Whatever the crash test left: the engine runs and its host is READY again.
    process.kill(Number(readFileSync('/run/berth-dockerd-hl.pid', 'utf8')), 'SIGCONT');
    await waitFor(async () => (await db.host.findUniqueOrThrow({ where: { id: remote.id } })).status === 'READY', 60_000, 'host READY');
    const { app, there } = await setup('hlpart');
    const docker = connectDocker({ dockerUrl: engine.dockerUrl });
    const traffic = load(app.name);
    await new Promise((r) => setTimeout(r, 1_000));

    const t0 = Date.now();
    front!.cut();
    const ms = await waitReplaced(there.id, t0).catch((error) => {
      front!.restore();
      throw error;
    });
    console.log(`[host-loss] partition: cut → lost instance running on the other host in ${ms} ms`);
    expect(ms).toBeLessThan(30_000);
    const { failures, total } = await traffic.stop();
    console.log(`[host-loss] partition: ${total} requests, ${failures.length} failed`);
    expect(failures).toEqual([]);
    // Still running over there (a partition kills nothing), but no longer routed.
    expect(await staleContainers(docker, app.name)).toHaveLength(1);

    front!.restore();
    await waitFor(async () => (await db.host.findUniqueOrThrow({ where: { id: remote.id } })).status === 'READY', 60_000, 'host READY');
    await waitFor(async () => (await staleContainers(docker, app.name)).length === 0, 60_000, 'the stale container removed');
    expect(await db.instance.count({ where: { appId: app.id, status: 'RUNNING' } })).toBe(2);
  }, 240_000);
});
