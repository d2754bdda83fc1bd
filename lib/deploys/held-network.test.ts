import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../docker/containers';
import { containerSpec } from './container-spec';
import { holderServes, holderSpec, isOrphanHolder, joinedSpec } from './held-network';

process.env.BERTH_SECRET_KEY ??= '0'.repeat(64);
process.env.DATABASE_URL ??= 'postgresql://x@127.0.0.1/x';

const resources = { cpuRequest: 50, cpuLimit: null, memoryRequestMb: 64, memoryLimitMb: 256 };
const instanceSpec = () => containerSpec({
  name: 'berth-i-shop-v3-web-0',
  image: 'berth/shop:abc',
  app: 'shop',
  appId: 'app1',
  releaseId: 'rel3',
  version: 3,
  instanceId: 'inst1',
  processType: 'web',
  env: { A: '1' },
  resources,
  hostAddress: '127.0.0.1',
  hostPort: 31001,
  network: 'berth-app-app1',
});

describe('held network (sleeping app keeps its namespace)', () => {
  it('the holder publishes the instance port on the app network, in a tight cage, and holds no app label', () => {
    const holder = holderSpec({ containerName: 'berth-i-shop-v3-web-0', image: 'berth/shop:abc', appId: 'app1', instanceId: 'inst1', network: 'berth-app-app1', hostAddress: '127.0.0.1', hostPort: 31001 });
    expect(holder.name).toBe('berth-i-shop-v3-web-0-net');
    expect(holder.Entrypoint).toEqual(['sleep']);
    expect(holder.HostConfig).toMatchObject({
      NetworkMode: 'berth-app-app1',
      PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '31001' }] },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Privileged: false,
      PidsLimit: 4,
    });
    expect(holder.Labels?.['berth.holds']).toBe('inst1');
    expect(holder.Labels?.['berth.instance']).toBeUndefined(); // never taken for an instance (events, logs, metrics)
    expect(holder.Labels?.['berth.app']).toBe(''); // overrides the one its image carries
  });

  it('the joined spec is the same process without ports, in the holder namespace', () => {
    const spec = instanceSpec();
    const joined = joinedSpec(spec);
    expect(joined.ExposedPorts).toBeUndefined();
    expect(joined.HostConfig?.PortBindings).toBeUndefined();
    expect(joined.HostConfig?.NetworkMode).toBe('container:berth-i-shop-v3-web-0-net');
    expect(joined.Env).toEqual(spec.Env);
    expect(joined.HostConfig?.Memory).toBe(spec.HostConfig?.Memory);
    expect(joined.HostConfig?.CapDrop).toEqual(['ALL']);
  });

  it('a holder serves the wake only when it is the one joined, this instance, and the same host port', () => {
    const holder = {
      Id: 'h1',
      Config: { Labels: { 'berth.holds': 'inst1' } },
      HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '31001' }] } },
    } as unknown as ContainerDetails;
    const joined = { HostConfig: { NetworkMode: 'container:h1' } } as ContainerDetails;
    const want = { instanceId: 'inst1', hostAddress: '127.0.0.1', hostPort: 31001 };
    expect(holderServes(joined, holder, want)).toBe(true);
    expect(holderServes(joined, holder, { ...want, hostPort: 31002 })).toBe(false); // the wake got another port
    expect(holderServes(joined, holder, { ...want, instanceId: 'other' })).toBe(false);
    expect(holderServes({ HostConfig: { NetworkMode: 'container:h0' } } as ContainerDetails, holder, want)).toBe(false); // made again since
    expect(holderServes(joined, null, want)).toBe(false);
  });

  it('a holder is an orphan once its instance container is gone from the engine', () => {
    const holder = { Labels: { 'berth.holds': 'inst1' }, Names: ['/berth-i-shop-v3-web-0-net'] };
    expect(isOrphanHolder(holder, (n) => ['berth-i-shop-v3-web-0', 'berth-i-shop-v3-web-0-net'].includes(n))).toBe(false);
    expect(isOrphanHolder(holder, (n) => n === 'berth-i-shop-v3-web-0-net')).toBe(true);
    expect(isOrphanHolder({ Labels: {}, Names: ['/x-net'] }, () => false)).toBe(false); // not a holder
  });
});
