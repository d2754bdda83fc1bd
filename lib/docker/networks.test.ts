import { describe, expect, it } from 'vitest';
import { freeSubnet } from './networks';

describe('freeSubnet', () => {
  it('takes the first /26 of the pool that no network overlaps', () => {
    expect(freeSubnet([], '10.128.0.0/16')).toBe('10.128.0.0/26');
    const used: Array<[number, number]> = [
      [(10 << 24) + (128 << 16), (10 << 24) + (128 << 16) + 63], // 10.128.0.0/26
      [(10 << 24) + (128 << 16) + 64, (10 << 24) + (128 << 16) + 127], // 10.128.0.64/26
    ];
    expect(freeSubnet(used, '10.128.0.0/16')).toBe('10.128.0.128/26');
  });

  it('skips a larger network that covers part of the pool, and says when the pool is full', () => {
    const start = (10 << 24) + (128 << 16);
    expect(freeSubnet([[start, start + 255]], '10.128.0.0/16')).toBe('10.128.1.0/26');
    expect(freeSubnet([[start, start + 63]], '10.128.0.0/26')).toBeNull();
  });
  it('picks the n-th free subnet, or the last free one when fewer are free', () => {
    const start = (10 << 24) + (128 << 16);
    expect(freeSubnet([[start, start + 63]], '10.128.0.0/16', 2)).toBe('10.128.0.192/26');
    expect(freeSubnet([], '10.128.0.0/24', 9)).toBe('10.128.0.192/26');
  });
});
