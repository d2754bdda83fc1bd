import { execFile, spawn, type ChildProcess } from 'node:child_process';
import type Docker from 'dockerode';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { config } from '../../lib/config';
import { db, type Host } from '../../lib/db';
import { CONTAINER_PORT } from '../../lib/deploys/container-name';
import { connectDocker } from '../../lib/docker/connect';
import { execInContainer } from '../../lib/docker/container-exec';
import { oneOffSpec, runOneOff } from '../../lib/docker/one-off';
import { LABEL } from '../../lib/docker/labels';
import { ensureAppNetworkOnHost } from '../../lib/firewall/app-network';
import { addHost } from '../../lib/hosts/add-host';
import { deleteHost } from '../../lib/hosts/delete-host';
import { parsePortRange } from '../../lib/hosts/port-range';
import { startEngine, stopEngine, type Engine } from '../../scripts/harness/extra-engines';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, TEST_IMAGE } from '../integration/deploy-helpers';

// Issue #11, finding 11, on a remote host: an app reaches only its own containers, not other apps
// nor the host's private services — on a tcp:// engine too, where Berth installs the app firewall
// through a nettools container in that host's network namespace. The remote host is an extra
// dockerd in a network namespace of its own (scripts/extra-dockerd.sh), run like a real host's
// engine: managing its iptables (Docker's isolation between bridges) and with userns-remap.

const run = promisify(execFile);
const admin: Actor = { id: 'remote-fw-test-admin', email: 'admin@remote-fw.test', role: 'ADMIN' };
const LISTENER = `const s=require('net').createServer(c=>{c.on('error',()=>{});c.end('hi\\n')});s.listen(0,process.argv[1],()=>console.log(String(s.address().port)))`; // a string: FORCE_COLOR (set by scripts/test.sh) would colour a number
/** One line per target, "ip:port open|closed"; each connect bounded by 2 s. */
const PROBE = `for t in $TARGETS; do ip=\${t%:*}; port=\${t#*:}; if timeout 2 bash -c "exec 3<>/dev/tcp/$ip/$port" 2>/dev/null; then echo "$t open"; else echo "$t closed"; fi; done`;

let engine: Engine;
let host: Host;
let listener: ChildProcess | null = null;
let listenerPort = 0;
const apps: Array<{ id: string; name: string }> = [];

const netns = () => `berth-${engine.name}`;
// Its unix socket: the test's own view. timeoutMs 0 for a one-off, whose attach stays silent while it runs.
const remote = (timeoutMs?: number) => connectDocker({ dockerUrl: engine.socketUrl }, timeoutMs);

/** A TCP listener on the remote host's own address, in its namespace (a private service of that host). */
async function startListener(): Promise<number> {
  listener = spawn('ip', ['netns', 'exec', netns(), process.execPath, '-e', LISTENER, engine.address], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('listener did not start in 10 s')), 10_000);
    // The port is the first line that is only digits (anything else the netns exec prints is skipped).
    let out = '';
    listener!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /^(\d+)$/m.exec(out)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve(Number(port));
    });
    listener!.once('exit', (code) => reject(new Error(`listener exited with ${code}`)));
  });
}

/** Runs the probe in a one-off container (the path `berth run` takes) on `network` of `docker`. */
async function probeOneOff(docker: Docker, network: string, targets: string[]): Promise<Record<string, string>> {
  const result = await runOneOff(
    docker,
    oneOffSpec({
      image: TEST_IMAGE,
      command: ['bash', '-c', PROBE],
      env: { TARGETS: targets.join(' ') },
      labels: { [LABEL.installation]: config().BERTH_INSTALLATION, 'berth.test': 'remote-fw-control' },
      limits: { cpuRequest: 100, cpuLimit: 500, memoryRequestMb: 64, memoryLimitMb: 128 },
      network,
    }),
    { timeoutMs: 120_000, keepLines: 100 },
  );
  expect(result.exitCode, result.tail.join('\n')).toBe(0);
  return Object.fromEntries(result.tail.map((line) => line.split(' ') as [string, string]));
}

/** Runs the probe from inside a container on the remote engine. */
async function probeFrom(containerId: string, targets: string[]): Promise<Record<string, string>> {
  const result = await execInContainer(remote(), containerId, ['bash', '-c', PROBE], { env: [`TARGETS=${targets.join(' ')}`], timeoutMs: 120_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  return Object.fromEntries(result.stdout.trim().split('\n').map((line) => line.split(' ') as [string, string]));
}

async function instancesOf(appId: string) {
  const rows = await db.instance.findMany({ where: { appId, status: 'RUNNING' }, orderBy: { createdAt: 'asc' } });
  return Promise.all(
    rows.map(async (row) => {
      const info = await remote().getContainer(row.containerId!).inspect();
      // The port the engine really published (the row's hostPort is what was asked for).
      const published = Number(info.NetworkSettings.Ports?.[`${CONTAINER_PORT}/tcp`]?.[0]?.HostPort ?? row.hostPort);
      return { row, containerId: info.Id, ip: Object.values(info.NetworkSettings.Networks)[0].IPAddress, published };
    }),
  );
}

function connectFromHere(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: 3_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

describe('the app firewall on a remote (tcp://) host', () => {
  beforeAll(async () => {
    await buildTestImage();
    // userns-remap comes from /etc/docker/daemon.json, which extra engines read too.
    engine = await startEngine('fw', 14, { DOCKERD_IPTABLES: 'true' });
    const suffix = config().BERTH_INSTALLATION.slice(-6);
    const first = parsePortRange(config().BERTH_PORT_RANGE).start + 20_000 + 500;
    host = await addHost(admin, {
      name: `fw-${suffix}`,
      dockerUrl: engine.dockerUrl,
      address: engine.address,
      force: true, // plain tcp:// to an engine in this machine's own network namespace
      labels: { engine: `fw-${suffix}` },
      portRange: `${first}-${first + 99}`,
    });
    // Both apps only on the remote host: A with two instances (its own sibling to reach), B with one.
    for (const instances of [2, 1]) apps.push(await createTestApp(undefined, { instances, hostConstraints: { engine: `fw-${suffix}` } }));
    for (const [i, app] of apps.entries()) {
      const { deployment } = await deployTestRelease(app.id, { VERSION: `fw${i}` });
      expect(deployment.status, deployment.reason ?? '').toBe('SUCCEEDED');
    }
    listenerPort = await startListener();
  }, 900_000);

  afterAll(async () => {
    if (listener?.pid) process.kill(listener.pid, 'SIGKILL');
    if (engine) {
      const docker = remote();
      const mine = await docker
        .listContainers({ all: true, filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`] } })
        .catch(() => []);
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    }
    await cleanupInstallation().catch(() => undefined);
    if (host) {
      await db.instance.updateMany({ where: { hostId: host.id }, data: { status: 'STOPPED' } });
      await deleteHost(admin, host.id).catch(() => undefined);
    }
    await db.app.deleteMany({ where: { id: { in: apps.map((a) => a.id) } } }).catch(() => undefined);
    if (engine) await stopEngine(engine); // removes its namespace: its iptables, bridges and veth go with it
  }, 300_000);

  it('the BERTH-APPS chains and their jumps are in the remote host’s own iptables', async () => {
    const { stdout } = await run('ip', ['netns', 'exec', netns(), 'iptables', '-S'], { timeout: 20_000 });
    const pool = config().BERTH_APP_NETWORK_POOL;
    expect(stdout).toContain(`-A DOCKER-USER -s ${pool} -j BERTH-APPS`);
    expect(stdout).toContain(`-A INPUT -s ${pool} -j BERTH-APPS-IN`);
    expect(stdout).toContain('-A BERTH-APPS-IN -j REJECT --reject-with icmp-port-unreachable');
    expect(stdout).toContain('-A BERTH-APPS -d 10.0.0.0/8 -j REJECT --reject-with icmp-port-unreachable');
    // This machine's own tables were not where they went: the test engine's namespace is separate.
    expect(stdout).toContain('DOCKER-ISOLATION-STAGE-1');
    // The nettools container is gone.
    const helpers = await remote().listContainers({ all: true, filters: { label: [LABEL.nettools] } });
    expect(helpers).toEqual([]);
  });

  it('app A reaches its own sibling, but not B’s container, B’s published port, nor a service of the host', async () => {
    const [a1, a2] = await instancesOf(apps[0].id);
    const [b] = await instancesOf(apps[1].id);
    expect([a1, a2, b].every((i) => i.row.hostId === host.id)).toBe(true);
    const targets = {
      sibling: `${a2.ip}:${CONTAINER_PORT}`,
      bContainer: `${b.ip}:${CONTAINER_PORT}`,
      bPublished: `${engine.address}:${b.published}`,
      hostService: `${engine.address}:${listenerPort}`,
    };
    const seen = await probeFrom(a1.containerId, Object.values(targets));
    expect({
      sibling: seen[targets.sibling],
      bContainer: seen[targets.bContainer],
      bPublished: seen[targets.bPublished],
      hostService: seen[targets.hostService],
    }).toEqual({ sibling: 'open', bContainer: 'closed', bPublished: 'closed', hostService: 'closed' });

    // Controls: the refusals are the firewall's. B's published port and the host's service answer
    // from outside the app pool (this machine, over the veth), and the service answers a container
    // on the remote engine's default bridge.
    expect(b.published, `B's instance ${b.row.id} publishes no port`).toBeGreaterThan(0);
    expect(await connectFromHere(engine.address, b.published)).toBe(true);
    expect(await connectFromHere(engine.address, listenerPort)).toBe(true);
    const fromBridge = await probeOneOff(remote(0), 'bridge', [targets.hostService]);
    expect(fromBridge[targets.hostService]).toBe('open');
  });

  it('fails closed: a host whose rules cannot be installed refuses app containers with the reason', async () => {
    const unreachable = { ...host, id: `${host.id}-gone`, name: 'nowhere', dockerUrl: 'tcp://127.0.0.1:9' };
    // ensureAppNetworkOnHost is how every app container (instance, release phase, `berth run`,
    // add-on) gets its network: no network, no container.
    await expect(ensureAppNetworkOnHost(unreachable, apps[0].id)).rejects.toThrow(/app firewall could not be installed on host nowhere/);
  });
});
