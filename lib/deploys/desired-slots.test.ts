import { describe, expect, it } from 'vitest';
import { desiredSlots, freeIndex } from './desired-slots';

describe('desiredSlots', () => {
  it('runs N web instances plus one per extra process type', () => {
    expect(desiredSlots(2, { web: 'x', worker: 'y', release: 'z' })).toEqual([
      { processType: 'web', index: 0 },
      { processType: 'web', index: 1 },
      { processType: 'worker', index: 0 },
    ]);
  });
  it('runs nothing at scale 0', () => expect(desiredSlots(0, { worker: 'y' })).toEqual([]));
  it('finds the lowest free index', () => {
    expect(freeIndex([{ processType: 'web', index: 0 }, { processType: 'web', index: 2 }], 'web')).toBe(1);
    expect(freeIndex([{ processType: 'worker', index: 0 }], 'web')).toBe(0);
  });
});
