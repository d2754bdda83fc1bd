import { describe, expect, it } from 'vitest';
import { TIERS } from '../model/tiers';
import { effectiveFormation } from '../model/formation';
import { desiredSlots, freeIndex, planFormation, type SlotInstance } from './desired-slots';

const procfile = { web: 'x', worker: 'y', clock: 'c', release: 'z' };

describe('desiredSlots', () => {
  it('runs one web instance and no other type by default; release never runs as an instance', () => {
    expect(desiredSlots({ tier: 'SMALL', formation: [] }, procfile)).toEqual([{ processType: 'web', index: 0, tier: 'SMALL' }]);
  });

  it('follows the formation per type, each on its tier (default: the app tier)', () => {
    const app = {
      tier: 'MEDIUM' as const,
      formation: [
        { processType: 'web', quantity: 2, tier: null },
        { processType: 'worker', quantity: 1, tier: 'LARGE' as const },
        { processType: 'gone', quantity: 3, tier: null },
      ],
    };
    expect(desiredSlots(app, procfile)).toEqual([
      { processType: 'web', index: 0, tier: 'MEDIUM' },
      { processType: 'web', index: 1, tier: 'MEDIUM' },
      { processType: 'worker', index: 0, tier: 'LARGE' },
    ]);
  });

  it('web 0 stops web only; a Dockerfile app without Procfile still has web', () => {
    expect(desiredSlots({ tier: 'SMALL', formation: [{ processType: 'web', quantity: 0, tier: null }, { processType: 'worker', quantity: 1, tier: null }] }, procfile)).toEqual([
      { processType: 'worker', index: 0, tier: 'SMALL' },
    ]);
    expect(desiredSlots({ tier: 'SMALL', formation: [] }, {})).toHaveLength(1);
  });

  it('finds the lowest free index', () => {
    expect(freeIndex([{ processType: 'web', index: 0 }, { processType: 'web', index: 2 }], 'web')).toBe(1);
    expect(freeIndex([{ processType: 'worker', index: 0 }], 'web')).toBe(0);
  });
});

describe('planFormation', () => {
  const inst = (processType: string, index: number, over: Partial<SlotInstance> = {}): SlotInstance => ({
    id: `${processType}${index}`,
    processType,
    index,
    status: 'RUNNING',
    ...TIERS.SMALL,
    ...over,
  });
  const wanted = (formation: { processType: string; quantity: number; tier?: 'SMALL' | 'MEDIUM' | 'LARGE' | null }[]) =>
    effectiveFormation({ tier: 'SMALL', formation: formation.map((f) => ({ tier: null, ...f })) }, procfile);

  it('keeps instances renumbered by a restart: counts per type, not indexes', () => {
    const plan = planFormation(wanted([{ processType: 'web', quantity: 2 }]), [inst('web', 2), inst('web', 3)]);
    expect(plan).toEqual({ start: [], retire: [] });
  });

  it('scales up at free indexes and down from the end, and retires types no longer run', () => {
    const up = planFormation(wanted([{ processType: 'web', quantity: 3 }, { processType: 'worker', quantity: 1 }]), [inst('web', 1)]);
    expect(up.start).toEqual([
      { processType: 'web', index: 0, tier: 'SMALL' },
      { processType: 'web', index: 2, tier: 'SMALL' },
      { processType: 'worker', index: 0, tier: 'SMALL' },
    ]);
    const down = planFormation(wanted([{ processType: 'web', quantity: 1 }]), [inst('web', 0), inst('web', 1), inst('clock', 0)]);
    expect(down.start).toEqual([]);
    expect(down.retire.map((i) => i.id)).toEqual(['web1', 'clock0']);
  });

  it('replaces instances on another tier (starting new ones beside them), keeping running ones first', () => {
    const plan = planFormation(wanted([{ processType: 'web', quantity: 2, tier: 'MEDIUM' }]), [
      inst('web', 0),
      inst('web', 1, { ...TIERS.MEDIUM, status: 'CRASHED' }),
      inst('web', 2, { ...TIERS.MEDIUM }),
    ]);
    expect(plan.retire.map((i) => i.id)).toEqual(['web0']);
    expect(plan.start).toEqual([]);
    const resize = planFormation(wanted([{ processType: 'web', quantity: 1, tier: 'LARGE' }]), [inst('web', 0)]);
    expect(resize.start).toEqual([{ processType: 'web', index: 1, tier: 'LARGE' }]);
    expect(resize.retire.map((i) => i.id)).toEqual(['web0']);
  });

  it('an EXITED instance fills its slot (not started again)', () => {
    expect(planFormation(wanted([{ processType: 'worker', quantity: 1 }]), [inst('web', 0), inst('worker', 0, { status: 'EXITED' })])).toEqual({
      start: [],
      retire: [],
    });
  });
});
