import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { config } from '../../lib/config';
import { db, type Host } from '../../lib/db';
import { connectDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { addHost } from '../../lib/hosts/add-host';
import { deleteHost } from '../../lib/hosts/delete-host';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { heartbeatHost } from '../../lib/hosts/heartbeat';
import { updateHost } from '../../lib/hosts/update-host';
import { listHostsWithUsage } from '../../lib/hosts/list-hosts';
import { parsePortRange } from '../../lib/hosts/port-range';
import { registryRef } from '../../lib/registry/image-ref';
import { registryHas } from '../../lib/registry/publish-image';
import { scaleApp } from '../../lib/deploys/scale-app';
import type { AppError } from '../../lib/errors';
import { rollback } from '../../lib/releases/rollback';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { createRelease } from '../../lib/releases/create-release';
import { buildTestImage, cleanupInstallation, createTestApp, TEST_IMAGE, viaProxy } from './deploy-helpers';
import { localDocker } from '../../lib/docker/connect';
import { startEngine, stopEngine, type Engine } from '../../scripts/harness/extra-engines';

/**
 * Three Docker engines on one machine — the main one plus two extra dockerd processes with
 * their own data-root, exec-root, pidfile, socket and bridge — registered as hosts. Images reach
 * the extra engines only through the registry. Each host is made small (a large reserve, no
 * overcommit) so that the requests of exactly two MEDIUM instances (250 millicores / 256 MB) fit
 * on it.
 */
const admin: Actor = { id: 'multihost-test-admin', email: 'admin@multihost.test', role: 'ADMIN' };
const SLOT_MEMORY = 256;
const SLOT_CPU = 250;
const FREE_MEMORY = 2 * SLOT_MEMORY + 100; // 612 MB: two MEDIUM instances, never a LARGE (1 GB)
const FREE_CPU = 2 * SLOT_CPU + 100;

/** This run's own tag of the test image, so the push to the registry really happens every run. */
const IMAGE_REPO = 'berth-test/multihost';
const imageTag = () => `${IMAGE_REPO}:${config().BERTH_INSTALLATION}`;

/** Creates a release of this run's image with `env` and runs its deployment in-process. */
async function deploy(appId: string, env: Record<string, string>) {
  const { release, deploymentId } = await createRelease({
    appId,
    buildId: null,
    imageTag: imageTag(),
    commitSha: 'abcdef1234567890',
    env: { plain: env },
    processTypes: {},
    healthcheck: null,
    description: `Deploy ${env.VERSION ?? ''}`,
  });
  await runDeployment(deploymentId);
  return {
    release: await db.release.findUniqueOrThrow({ where: { id: release.id } }),
    deployment: await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } }),
  };
}

let engines: Engine[] = [];
let hosts: Host[] = [];
let local: Host;
let localReserve: Pick<Host, 'reserveCpu' | 'reserveMemoryMb' | 'cpuOvercommit' | 'memoryOvercommit'>;

async function makeSmall(host: Host): Promise<Host> {
  return db.host.update({
    where: { id: host.id },
    data: { reserveCpu: host.cpuTotal - FREE_CPU, reserveMemoryMb: host.memoryTotalMb - FREE_MEMORY, cpuOvercommit: 1, memoryOvercommit: 1 },
  });
}

/** Removes the test image from an extra engine so that this run must fetch it via the registry. */
async function forgetImage(dockerUrl: string): Promise<void> {
  const docker = connectDocker({ dockerUrl });
  const stale = await docker.listContainers({ all: true, filters: { label: [`${LABEL.installation}`] } });
  await Promise.all(stale.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  for (const ref of [imageTag(), registryRef(config().BERTH_REGISTRY, imageTag())])
    await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
}

/** An instance's own published port, on its host's address (each extra engine has its own). */
async function get(instance: { hostId: string; hostPort: number | null }): Promise<{ status: number; body: string }> {
  const address = hosts.find((h) => h.id === instance.hostId)!.address;
  const res = await fetch(`http://${address}:${instance.hostPort}/`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}

/** Instances per host (by name) of an app, RUNNING only. */
async function spread(appId: string): Promise<number[]> {
  const rows = await db.instance.findMany({ where: { appId, status: 'RUNNING' } });
  return hosts.map((h) => rows.filter((r) => r.hostId === h.id).length);
}

let appA: { id: string; name: string };

describe('several hosts (three Docker engines)', () => {
  beforeAll(async () => {
    await buildTestImage();
    await localDocker().getImage(TEST_IMAGE).tag({ repo: IMAGE_REPO, tag: config().BERTH_INSTALLATION });
    // Each engine has its own namespace, veth, data-root and forwarders: started side by side.
    engines = await Promise.all([startEngine('b1', 1), startEngine('b2', 2)]);
    await Promise.all(engines.map((e) => forgetImage(e.dockerUrl)));

    local = await ensureLocalHost();
    localReserve = {
      reserveCpu: local.reserveCpu,
      reserveMemoryMb: local.reserveMemoryMb,
      cpuOvercommit: local.cpuOvercommit,
      memoryOvercommit: local.memoryOvercommit,
    };
    local = await makeSmall(local);
    // Port blocks derived from this run's block, so runs in parallel never share ports.
    const { start } = parsePortRange(config().BERTH_PORT_RANGE);
    const suffix = config().BERTH_INSTALLATION.slice(-6);
    hosts = [local];
    for (const [i, e] of engines.entries()) {
      const first = start + 20_000 + i * 100;
      const host = await addHost(admin, {
        name: `${e.name}-${suffix}`,
        dockerUrl: e.dockerUrl,
        address: e.address,
        force: true, // plain tcp:// to an engine in this machine's own network namespace
        labels: { engine: e.name },
        portRange: `${first}-${first + 99}`,
      });
      hosts.push(await makeSmall(host));
    }
  });

  afterAll(async () => {
    await cleanupInstallation().catch(() => undefined);
    for (const h of hosts.filter((h) => !h.isLocal)) {
      const docker = connectDocker({ dockerUrl: h.dockerUrl });
      const mine = await docker
        .listContainers({ all: true, filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`] } })
        .catch(() => []);
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      await db.instance.updateMany({ where: { hostId: h.id }, data: { status: 'STOPPED' } });
      await deleteHost(admin, h.id).catch(() => undefined);
    }
    if (local) await db.host.update({ where: { id: local.id }, data: localReserve });
    for (const ref of [imageTag(), registryRef(config().BERTH_REGISTRY, imageTag())])
      await localDocker().getImage(ref).remove().catch(() => undefined);
    await Promise.all(engines.map((e) => stopEngine(e)));
  });

  it('registers the engines as READY hosts with probed capacity', async () => {
    const list = await listHostsWithUsage();
    for (const h of hosts) {
      const dto = list.find((d) => d.id === h.id)!;
      expect(dto.status).toBe('READY');
      expect(dto.capacity.cpu).toBeGreaterThan(0);
      expect(dto.free).toEqual({ cpu: FREE_CPU, memoryMb: FREE_MEMORY });
    }
    expect((await heartbeatHost(hosts[1])).ok).toBe(true);
  });

  it('places the instances of an app across the hosts by capacity, images via the registry', async () => {
    const app = await createTestApp(undefined, { instances: 3, tier: 'MEDIUM' });
    appA = app;
    expect(await registryHas(config().BERTH_REGISTRY, imageTag())).toBe(false);
    const { release } = await deploy(app.id, { VERSION: '1', GREETING: 'multi' });
    expect(release.failureReason).toBeNull();
    expect(release.status).toBe('LIVE');

    const instances = await db.instance.findMany({ where: { appId: app.id, status: 'RUNNING' } });
    expect(instances).toHaveLength(3);
    // One per host: replicas of one release are kept apart whenever capacity allows.
    expect(new Set(instances.map((i) => i.hostId))).toEqual(new Set(hosts.map((h) => h.id)));
    for (const i of instances) {
      expect(i.placementReason).toMatch(/left to request after placement \(measured in use: .*\), bin-pack score/);
      const host = hosts.find((h) => h.id === i.hostId)!;
      expect(i.hostPort).toBeGreaterThanOrEqual(host.portRangeStart);
      expect(i.hostPort).toBeLessThanOrEqual(host.portRangeEnd);
      // Each container answers on <its engine's address>:<port>.
      const res = await get(i);
      expect(res.status).toBe(200);
      expect(res.body).toContain('version=1 greeting=multi');
    }

    // The image travelled through the registry: it is there, and tagged on the extra engines.
    const tags = await fetch(`http://${config().BERTH_REGISTRY}/v2/${IMAGE_REPO}/tags/list`).then((r) => r.json());
    expect(tags.tags).toContain(config().BERTH_INSTALLATION);
    for (const e of engines) {
      const info = await connectDocker({ dockerUrl: e.dockerUrl }).getImage(imageTag()).inspect();
      expect(info.RepoTags).toContain(imageTag());
      const running = await connectDocker({ dockerUrl: e.dockerUrl }).listContainers({
        filters: { label: [`${LABEL.app}=${app.name}`] },
      });
      expect(running).toHaveLength(1);
    }

    // nginx routes to all three engines.
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await viaProxy(app.name)).body.trim());
    expect([...seen]).toEqual(['version=1 greeting=multi']);
  });

  it('refuses an app that fits nowhere, saying why', async () => {
    const app = await createTestApp(undefined, { instances: 1, tier: 'LARGE' });
    const { release, deployment } = await deploy(app.id, { VERSION: 'big' });
    expect(release.status).toBe('FAILED');
    // Every host has 612 − 256 = 356 MB left to request after the first app.
    expect(release.failureReason).toMatch(/^requests 1 GB memory; the most left to request is 356 MB on \S+ \(612 MB allocatable, 256 MB requested\)/);
    expect(deployment.status).toBe('FAILED');
    expect(await db.instance.count({ where: { appId: app.id, status: { in: ['STARTING', 'RUNNING'] } } })).toBe(0);
  });

  it('scales across hosts up to their capacity and refuses beyond it', async () => {
    const scale = async (n: number) => {
      const { deploymentId } = await scaleApp(admin, appA.name, { web: { quantity: n } });
      await runDeployment(deploymentId);
      return db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    };
    expect((await scale(6)).status).toBe('SUCCEEDED');
    expect(await spread(appA.id)).toEqual([2, 2, 2]);

    // One more is refused before anything changes, in requests-versus-allocatable terms.
    const tooMany = await scaleApp(admin, appA.name, { web: { quantity: 7 } }).catch((e: AppError) => e);
    expect(tooMany).toMatchObject({ code: 'CONFLICT' });
    expect((tooMany as Error).message).toMatch(
      /^Not enough capacity for 1 more web instance \(medium\): requests 256 MB memory; the most left to request is 100 MB on \S+ \(612 MB allocatable, 512 MB requested\)/,
    );
    expect((await db.processFormation.findUniqueOrThrow({ where: { appId_processType: { appId: appA.id, processType: 'web' } } })).quantity).toBe(6);
    expect(await spread(appA.id)).toEqual([2, 2, 2]);

    expect((await scale(2)).status).toBe('SUCCEEDED');
    const after = await spread(appA.id);
    expect(after.reduce((a, b) => a + b)).toBe(2);
    expect(Math.max(...after)).toBe(1);
    expect((await viaProxy(appA.name)).body).toContain('version=1 greeting=multi');
  });

  it('deploys a new release and rolls back to the old one across hosts', async () => {
    const v1 = await db.release.findFirstOrThrow({ where: { appId: appA.id, status: 'LIVE' } });
    const { release: v2 } = await deploy(appA.id, { VERSION: '2', GREETING: 'multi' });
    expect(v2.status).toBe('LIVE');
    expect((await viaProxy(appA.name)).body).toContain('version=2');
    expect((await spread(appA.id)).reduce((a, b) => a + b)).toBe(2);

    const back = await rollback(admin, appA.name, v1.version);
    await runDeployment(back.deploymentId);
    expect((await db.release.findUniqueOrThrow({ where: { id: back.releaseId } })).status).toBe('LIVE');
    expect((await viaProxy(appA.name)).body).toContain('version=1 greeting=multi');
    const rows = await db.instance.findMany({ where: { appId: appA.id, status: 'RUNNING' } });
    expect(rows.map((r) => r.releaseId)).toEqual([back.releaseId, back.releaseId]);
    expect(new Set(rows.map((r) => r.hostId)).size).toBe(2);
    for (const r of rows) expect((await get(r)).body).toContain('version=1');
  });

  it('draining a host moves its instances to the other hosts (rolling restart)', async () => {
    const before = await db.instance.findMany({ where: { appId: appA.id, status: 'RUNNING' } });
    const drained = hosts.find((h) => h.id === before[0].hostId)!;
    const { moving } = await updateHost(admin, drained.id, { action: 'drain' });
    expect(moving).toHaveLength(1);
    await runDeployment(moving[0]);
    expect((await db.deployment.findUniqueOrThrow({ where: { id: moving[0] } })).status).toBe('SUCCEEDED');
    const after = await db.instance.findMany({ where: { appId: appA.id, status: 'RUNNING' } });
    expect(after).toHaveLength(2);
    expect(after.some((i) => i.hostId === drained.id)).toBe(false);
    expect(new Set(after.map((i) => i.hostId)).size).toBe(2);
    expect((await viaProxy(appA.name)).body).toContain('version=1 greeting=multi');
    await updateHost(admin, drained.id, { action: 'undrain' });
  });
});
