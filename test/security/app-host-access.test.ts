import { execFile } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { CONTAINER_PORT } from '../../lib/deploys/container-name';
import { localDocker } from '../../lib/docker/connect';
import { ensureAppNetworkOnHost } from '../../lib/firewall/app-network';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { oneOffSpec, runOneOff } from '../../lib/docker/one-off';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, runningContainers, viaProxy } from '../integration/deploy-helpers';

// Issue #11, finding 11: an app must reach neither the host's private services nor another app.
// The attack runs as a real one-off container on the app's own network (the path `berth run`,
// predeploy/postdeploy and the release phase take) and tries TCP connects to every address of the
// host — the app network's gateway, docker0, eth0 — on Postgres, Redis, Berth's web port, the
// registry, the Docker API port and other host-bound ports, and to another app's container.
// The same probe from a container on Docker's default bridge (outside the app pool) is the
// control: it shows the listeners do answer, so the refusals are the firewall's doing.

const docker = localDocker(0); // no socket timeout: the one-off's attach and wait stay silent while it runs (runOneOff owns the deadline)
const servers: net.Server[] = [];

/** A listener on every host address, as a service bound to 0.0.0.0 would be (random port). */
async function listen(): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined); // a probe hangs up at once: a reset is expected
    socket.end('hi\n');
  });
  servers.push(server);
  return new Promise<number>((resolve) => server.listen(0, '0.0.0.0', () => resolve((server.address() as net.AddressInfo).port)));
}

const hostAddresses = () =>
  Object.entries(os.networkInterfaces())
    .filter(([name]) => name === 'eth0' || name === 'docker0' || name.startsWith('en'))
    .flatMap(([, list]) => (list ?? []).filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address));

/** One line per target: "ip:port open" or "ip:port closed"; bounded (2 s per connect). */
const PROBE = `for t in $TARGETS; do ip=\${t%:*}; port=\${t#*:}; if timeout 2 bash -c "exec 3<>/dev/tcp/$ip/$port" 2>/dev/null; then echo "$t open"; else echo "$t closed"; fi; done`;

async function probe(network: string, targets: string[], appId: string): Promise<Record<string, string>> {
  const result = await runOneOff(
    docker,
    oneOffSpec({
      image: 'berth/base:bookworm',
      command: ['bash', '-c', PROBE],
      env: { TARGETS: targets.join(' ') },
      labels: { 'berth.test': 'host-access', 'berth.app-probe': appId },
      limits: { cpuRequest: 100, cpuLimit: 500, memoryRequestMb: 64, memoryLimitMb: 128 },
      network,
    }),
    { timeoutMs: 5 * 60_000, keepLines: 1_000 },
  );
  expect(result.exitCode, result.tail.join('\n')).toBe(0);
  return Object.fromEntries(result.tail.map((line) => line.split(' ') as [string, string]));
}

const run = promisify(execFile);

/** Whether the kernel delivers packets for `ip` to this machine (`ip route get` → "local …"). */
async function isLocalAddress(ip: string): Promise<boolean> {
  const { stdout } = await run('ip', ['route', 'get', ip], { timeout: 10_000 });
  return stdout.startsWith('local ');
}

async function describeAddress(ip: string): Promise<string> {
  const out = await Promise.all([['route', 'get', ip], ['-4', '-br', 'addr', 'show', 'to', ip]].map((args) => run('ip', args, { timeout: 10_000 }).then((r) => r.stdout, (e: Error) => e.message)));
  return out.join('');
}

async function gatewayOf(network: string): Promise<string> {
  const info = (await docker.getNetwork(network).inspect()) as { IPAM: { Config: Array<{ Subnet: string; Gateway?: string }> } };
  const [ipam] = info.IPAM.Config;
  return ipam.Gateway ?? ipam.Subnet.replace(/\.\d+\/\d+$/, '.1');
}

describe('an app cannot reach the host or another app', () => {
  let attacker: { id: string; name: string };
  let victim: { id: string; name: string };

  beforeAll(async () => {
    await buildTestImage();
    attacker = await createTestApp();
    victim = await createTestApp();
    for (const [app, version] of [[attacker, 'attacker'], [victim, 'victim']] as const) {
      const { deployment } = await deployTestRelease(app.id, { VERSION: version });
      expect(deployment.status, deployment.reason ?? '').toBe('SUCCEEDED');
    }
  }, 600_000);

  afterAll(async () => {
    for (const s of servers) s.close();
    await cleanupInstallation();
    await db.app.deleteMany({ where: { id: { in: [attacker?.id, victim?.id].filter(Boolean) } } }).catch(() => undefined);
  });

  it('TCP to every host address and service port, and to another app, fails; the app still serves via the proxy; a bridge outside the pool is the control', async () => {
    const network = await ensureAppNetworkOnHost(await ensureLocalHost(), attacker.id);
    // The real service ports (Postgres, Redis, the registry, the web UI, the edge proxy, a tcp
    // Docker API, sshd), whatever listens there, and three listeners of ours on all addresses:
    // stand-ins for a service bound to 0.0.0.0 (here Postgres, Redis and the registry listen on
    // loopback only). Well-known ports are not bound by the test: other processes may need them.
    const ours = [await listen(), await listen(), await listen()];
    const ports = [5432, 6379, 5000, 3000, config().BERTH_PROXY_PORT, 2375, 2376, 22, 2024, ...ours];
    // The gateway is a host address only while the host routes it locally. (Were it not, a connect
    // to it would leave through the default route, and this machine's egress answers any address on
    // common ports: "open" would then say nothing about the host.)
    const gateway = await gatewayOf(network);
    const gatewayIsLocal = await isLocalAddress(gateway);
    if (!gatewayIsLocal) console.warn(`app network gateway ${gateway} is not a local address:\n${await describeAddress(gateway)}`);
    const hosts = [...(gatewayIsLocal ? [gateway] : []), ...hostAddresses()];
    const [victimContainer] = await runningContainers(victim.name);
    const victimIp = Object.values(victimContainer.NetworkSettings.Networks)[0].IPAddress;
    const victimPort = CONTAINER_PORT;

    const hostTargets = hosts.flatMap((h) => ports.map((p) => `${h}:${p}`));
    const fromApp = await probe(network, [...hostTargets, `${victimIp}:${victimPort}`], attacker.id);
    expect(Object.entries(fromApp).filter(([, state]) => state !== 'closed')).toEqual([]);
    expect(Object.keys(fromApp)).toHaveLength(hostTargets.length + 1);

    // Control: the same listeners answer a container outside the app pool (Docker's default bridge).
    const controlTargets = hostAddresses().flatMap((h) => ours.map((p) => `${h}:${p}`));
    const fromBridge = await probe('bridge', controlTargets, attacker.id);
    expect(Object.values(fromBridge).every((state) => state === 'open'), JSON.stringify(fromBridge)).toBe(true);

    // The app itself still serves through the edge nginx (host → published port → the app network).
    const served = await viaProxy(attacker.name);
    expect(served.status).toBe(200);
  }, 600_000);
});
