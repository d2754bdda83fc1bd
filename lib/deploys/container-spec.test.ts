import { describe, expect, it } from 'vitest';
import { containerSpec } from './container-spec';

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
    cpu: 500,
    memoryMb: 512,
    hostAddress: '127.0.0.1',
    hostPort: 21000,
    network: 'berth-x-app-app1',
  };

  it('applies limits and locks the container down', () => {
    const spec = containerSpec(base);
    expect(spec.HostConfig?.NetworkMode).toBe('berth-x-app-app1'); // the app's own network, not the shared bridge
    expect(spec.HostConfig).toMatchObject({
      NanoCpus: 500_000_000,
      Memory: 512 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
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

  it('sets PORT itself (a user PORT cannot override it) and Berth labels', () => {
    const spec = containerSpec(base);
    expect(spec.Env).toContain('PORT=5000');
    expect(spec.Env).not.toContain('PORT=1');
    expect(spec.Env).toContain('FOO=bar');
    expect(spec.Env).toContain('BERTH_RELEASE=v3');
    expect(spec.Labels).toMatchObject({ 'berth.app': 'shop', 'berth.release': 'rel3', 'berth.instance': 'inst123456', 'berth.process': 'web' });
  });

  it('runs other process types with their Procfile command and no port', () => {
    const spec = containerSpec({ ...base, processType: 'worker', command: 'node worker.js', hostPort: null });
    expect(spec.Cmd).toEqual(['/bin/sh', '-c', 'node worker.js']);
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
    expect(spec.ExposedPorts).toBeUndefined();
  });
});
