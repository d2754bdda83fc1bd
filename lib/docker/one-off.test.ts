import { describe, expect, it } from 'vitest';
import { oneOffSpec } from './one-off';

describe('oneOffSpec', () => {
  it('argv as is, env, limits, the instance security settings, the app network, no port, no restart', () => {
    const spec = oneOffSpec({
      image: 'berth/shop:abc',
      command: ['rake', 'db:migrate; rm -rf /'],
      env: { A: '1', PORT: '5000' },
      labels: { 'berth.app': 'shop' },
      limits: { cpuRequest: 50, cpuLimit: 250, memoryRequestMb: 64, memoryLimitMb: 256 },
      network: 'berth-x-app-a1',
    });
    expect(spec.Cmd).toEqual(['rake', 'db:migrate; rm -rf /']);
    expect(spec.Env).toEqual(['A=1', 'PORT=5000']);
    expect(spec.ExposedPorts).toBeUndefined();
    expect(spec.HostConfig).toMatchObject({
      NanoCpus: 250_000_000,
      Memory: 256 * 1024 * 1024,
      PidsLimit: 256,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Binds: [],
      NetworkMode: 'berth-x-app-a1', // the app's own network, never the default bridge
      RestartPolicy: { Name: 'no' },
    });
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
  });
});
