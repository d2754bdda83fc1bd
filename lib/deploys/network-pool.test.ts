import { describe, expect, it } from 'vitest';
import { newAppId, poolAppIdOf } from './network-pool';
import { spareIdOf } from './spare-network';
import { isOrphanHolder, poolHolderNameOf } from './held-network';

process.env.BERTH_SECRET_KEY ??= '0'.repeat(64);
process.env.DATABASE_URL ??= 'postgresql://x@127.0.0.1/x';
process.env.BERTH_INSTALLATION ??= 'unit';

describe('networks made ahead for new apps', () => {
  it('draws app ids shaped like Prisma cuids, usable in network and container names', () => {
    const ids = Array.from({ length: 200 }, newAppId);
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tells a pool holder by its name and labels, and never as a spare or an instance holder', () => {
    const id = newAppId();
    const info = { Labels: { 'berth.holds': 'inst1', 'berth.app-id': id }, Names: [`/${poolHolderNameOf(id)}`] };
    expect(poolAppIdOf(info)).toBe(id);
    expect(spareIdOf(info)).toBeNull();
    expect(isOrphanHolder(info, () => false)).toBe(false);
    // Not one: no holds label, another app's label, another name.
    expect(poolAppIdOf({ ...info, Labels: { 'berth.app-id': id } })).toBeNull();
    expect(poolAppIdOf({ ...info, Labels: { 'berth.holds': 'inst1', 'berth.app-id': 'cother' } })).toBeNull();
    expect(poolAppIdOf({ ...info, Names: [`/berth-x-${id}-spare`] })).toBeNull();
  });
});
