import { describe, expect, it } from 'vitest';
import { containerSpec } from './container-spec';
import { TIERS } from '../model/tiers';

process.env.BERTH_SECRET_KEY ??= '0'.repeat(64);
process.env.DATABASE_URL ??= 'postgresql://x@127.0.0.1/x';

describe('containerSpec', () => {
  const base = {
    name: 'berth-x-shop-v3-web-0',
    image: 'berth/shop:abc',
    app: 'shop',
    appId: 'app1',
    releaseId: 'rel3',
    version: 3,
    instanceId: 'inst123456',
    processType: 'web',
    env: { FOO: 'bar', PORT: '1' },
    resources: { cpuRequest: 500, cpuLimit: 1000, memoryRequestMb: 256, memoryLimitMb: 512 },
    hostAddress: '127.0.0.1',
    hostPort: 21000,
    network: 'berth-x-app-app1',
  };

  it('enforces limits, guarantees requests and locks the container down', () => {
    const spec = containerSpec(base);
    expect(spec.HostConfig?.NetworkMode).toBe('berth-x-app-app1'); // the app's own network, not the shared bridge
    expect(spec.HostConfig).toMatchObject({
      NanoCpus: 1_000_000_000,
      CpuShares: 512,
      Memory: 512 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
      MemoryReservation: 256 * 1024 * 1024,
      PidsLimit: 256,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Binds: [],
      RestartPolicy: { Name: 'unless-stopped' },
      PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '21000' }] },
    });
    expect(spec.HostConfig?.CapAdd).toBeUndefined();
    expect(spec.Cmd).toBeUndefined();
  });

  it("mounts the app's named volumes, never a host path", () => {
    expect(containerSpec(base).HostConfig?.Mounts).toBeUndefined();
    const spec = containerSpec({ ...base, volumes: [{ dockerName: 'berth-vol-abc', path: '/app/storage' }] });
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'berth-vol-abc', Target: '/app/storage', ReadOnly: false }]);
    expect(spec.HostConfig?.Binds).toEqual([]);
  });

  it('without a CPU limit relies on shares proportional to the request', () => {
    const spec = containerSpec({ ...base, resources: TIERS.LARGE });
    expect(spec.HostConfig?.NanoCpus).toBeUndefined();
    expect(spec.HostConfig?.CpuShares).toBe(1024);
    expect(containerSpec({ ...base, resources: TIERS.SMALL }).HostConfig).toMatchObject({
      CpuShares: 51,
      NanoCpus: 500_000_000,
      Memory: 256 * 1048576,
      MemoryReservation: 64 * 1048576,
    });
  });

  it('starts with the boosted CPU limit it is given (startup CPU boost), shares unchanged', () => {
    const spec = containerSpec({ ...base, resources: TIERS.SMALL, startupCpuLimit: 2000 });
    expect(spec.HostConfig).toMatchObject({ CpuShares: 51, NanoCpus: 2_000_000_000 });
    expect(containerSpec({ ...base, resources: TIERS.LARGE, startupCpuLimit: null }).HostConfig?.NanoCpus).toBeUndefined();
  });

  it('sets PORT itself (a user PORT cannot override it) and Berth labels', () => {
    const spec = containerSpec(base);
    expect(spec.Env).toContain('PORT=5000');
    expect(spec.Env).not.toContain('PORT=1');
    expect(spec.Env).toContain('FOO=bar');
    expect(spec.Env).toContain('BERTH_RELEASE=v3');
    expect(spec.Labels).toMatchObject({ 'berth.app': 'shop', 'berth.release': 'rel3', 'berth.instance': 'inst123456', 'berth.process': 'web' });
  });

  it('runs other process types with their Procfile command, no port, and no restart after a clean exit', () => {
    const spec = containerSpec({ ...base, processType: 'worker', command: 'node worker.js', hostPort: null });
    expect(spec.Cmd).toEqual(['/bin/sh', '-c', 'node worker.js']);
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
    expect(spec.ExposedPorts).toBeUndefined();
    expect(spec.HostConfig?.RestartPolicy).toMatchObject({ Name: 'on-failure' });
  });

  it('a one-off container is not an instance and runs once', () => {
    const spec = containerSpec({ ...base, instanceId: null, processType: 'release', command: 'php migrate.php', hostPort: null });
    expect(spec.Labels?.['berth.instance']).toBeUndefined();
    expect(spec.Labels?.['berth.process']).toBe('release');
    expect(spec.HostConfig?.RestartPolicy).toMatchObject({ Name: 'no' });
    expect(spec.Env).toContain('DYNO=release.1');
  });
});
