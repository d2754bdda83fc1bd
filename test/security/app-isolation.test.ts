import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { localDocker } from '../../lib/docker/connect';
import { ensureAppNetwork, removeAppNetwork } from '../../lib/docker/networks';
import { containerSpec } from '../../lib/deploys/container-spec';
import { rand } from '../integration/logs-fixtures';

// Finding 11: all apps shared the default bridge, so app A's container reached app B's directly.
// Now each app's instances run on the app's own network (the real containerSpec + ensureAppNetwork).
const docker = localDocker();
const created: string[] = [];
const networks: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
  for (const appId of networks) await removeAppNetwork(docker, appId).catch(() => undefined);
});

const LISTEN = `perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>5000,Listen=>5,ReuseAddr=>1) or die; while($c=$s->accept){print $c "hi\\n"; close $c}'`;

async function run(appId: string, network: string, cmd: string): Promise<Docker.Container> {
  const instanceId = `i${rand()}`;
  const spec = containerSpec({
    name: `berth-sec-${rand()}`,
    image: 'berth/base:bookworm',
    app: `app-${appId}`,
    appId,
    releaseId: 'r',
    version: 1,
    instanceId,
    processType: 'worker',
    command: cmd,
    env: {},
    resources: { cpuRequest: 250, cpuLimit: 250, memoryRequestMb: 64, memoryLimitMb: 64 },
    hostAddress: '127.0.0.1',
    hostPort: null,
    network,
  });
  spec.Labels = { 'berth.test': 'isolation' }; // not an installation container: reconcilers leave it alone
  spec.HostConfig!.RestartPolicy = { Name: 'no' };
  const container = await docker.createContainer(spec);
  created.push(container.id);
  await container.start();
  return container;
}

async function ipOf(container: Docker.Container, network: string): Promise<string> {
  const info = await container.inspect();
  return info.NetworkSettings.Networks[network].IPAddress;
}

/** Exit code of a client container on `network` that connects to ip:5000 and expects "hi". */
async function connect(appId: string, network: string, ip: string): Promise<number> {
  const client = await run(appId, network, `timeout 5 bash -c 'exec 3<>/dev/tcp/${ip}/5000 && grep -q hi <&3'`);
  const result = (await client.wait()) as { StatusCode: number };
  return result.StatusCode;
}

describe('app network isolation', () => {
  it("app A reaches its own sibling instance but not app B's container", async () => {
    const appA = `a${rand()}`;
    const appB = `b${rand()}`;
    networks.push(appA, appB);
    const netA = await ensureAppNetwork(docker, appA);
    expect(await ensureAppNetwork(docker, appA)).toBe(netA); // idempotent
    const netB = await ensureAppNetwork(docker, appB);
    const siblingA = await run(appA, netA, LISTEN);
    const victimB = await run(appB, netB, LISTEN);
    const ipA = await ipOf(siblingA, netA);
    const ipB = await ipOf(victimB, netB);
    await new Promise((r) => setTimeout(r, 1_500)); // listeners up

    expect(await connect(appA, netA, ipA)).toBe(0); // own sibling: reachable
    expect(await connect(appB, netB, ipB)).toBe(0); // B's listener does answer its own app
    expect(await connect(appA, netA, ipB)).not.toBe(0); // the attack: A → B directly
  });

  it('removes the network with the app', async () => {
    const appC = `c${rand()}`;
    const net = await ensureAppNetwork(docker, appC);
    await removeAppNetwork(docker, appC);
    await removeAppNetwork(docker, appC); // idempotent
    await expect(docker.getNetwork(net).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
