import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../docker/containers';
import { isOrphanHolder } from './held-network';
import { spareIdOf, spareServes } from './spare-network';

process.env.BERTH_SECRET_KEY ??= '0'.repeat(64);
process.env.DATABASE_URL ??= 'postgresql://x@127.0.0.1/x';

describe('spare network (made while a push builds)', () => {
  const spare = (running: boolean, holds = 'inst9', port = '31007') =>
    ({
      Id: 's1',
      State: { Running: running },
      Config: { Labels: { 'berth.holds': holds } },
      HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: port }] } },
    }) as unknown as ContainerDetails;
  const want = { instanceId: 'inst9', hostAddress: '127.0.0.1', hostPort: 31007 };

  it('is taken only by the instance it was made for, running, on exactly its port', () => {
    expect(spareServes(spare(true), want)).toBe(true);
    expect(spareServes(spare(false), want)).toBe(false); // its start failed or the engine stopped it
    expect(spareServes(spare(true, 'other'), want)).toBe(false);
    expect(spareServes(spare(true, 'inst9', '31008'), want)).toBe(false);
    expect(spareServes(spare(true), { ...want, hostAddress: '10.0.0.2' })).toBe(false);
    expect(spareServes(null, want)).toBe(false);
  });

  it('is told from an instance holder by its name, and is never read as an orphan holder', () => {
    const info = { Labels: { 'berth.holds': 'inst9' }, Names: ['/berth-i-shop-spare'] };
    expect(spareIdOf(info)).toBe('inst9');
    expect(isOrphanHolder(info, () => false)).toBe(false); // not `…-net`: the spare rules apply
    expect(spareIdOf({ Labels: { 'berth.holds': 'inst9' }, Names: ['/berth-i-shop-v3-web-0-net'] })).toBeNull();
    expect(spareIdOf({ Labels: {}, Names: ['/berth-i-shop-spare'] })).toBeNull(); // an app's own container
  });
});
