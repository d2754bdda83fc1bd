import { describe, expect, it } from 'vitest';
import { compilerSpec } from './compiler-container';

process.env.BERTH_SECRET_KEY ??= '0'.repeat(64);
process.env.DATABASE_URL ??= 'postgresql://x@127.0.0.1/x';

describe('the warm javac container', () => {
  const spec = compilerSpec({ id: 'app-id', name: 'shop' }, { idleMinutes: 30, cpus: 1 });

  it('is confined at least as a build step is: no network, read-only, no capabilities, the app user, caps', () => {
    expect(spec.NetworkDisabled).toBe(true);
    expect(spec.HostConfig?.NetworkMode).toBe('none');
    expect(spec.HostConfig?.ReadonlyRootfs).toBe(true);
    expect(spec.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(spec.HostConfig?.SecurityOpt).toEqual(['no-new-privileges']);
    expect(spec.User).toBe('10000:10000');
    expect(spec.HostConfig?.Memory).toBe(spec.HostConfig?.MemorySwap);
    expect(spec.HostConfig?.NanoCpus).toBe(1e9);
    expect(spec.HostConfig?.PidsLimit).toBeGreaterThan(0);
    expect(spec.HostConfig?.Binds ?? []).toEqual([]);
    expect(spec.HostConfig?.Mounts ?? []).toEqual([]);
  });

  it('ends by itself after the idle time and is removed then', () => {
    expect(spec.Cmd).toContain(String(30 * 60));
    expect(spec.HostConfig?.AutoRemove).toBe(true);
    expect(spec.HostConfig?.RestartPolicy).toEqual({ Name: 'no' });
  });

  it('is labelled with the app, so app teardown finds it, and not as an instance', () => {
    expect(spec.Labels?.['berth.app-id']).toBe('app-id');
    expect(spec.Labels?.['berth.compiler']).toBe('javac');
    expect(spec.Labels?.['berth.instance']).toBeUndefined();
  });
});
