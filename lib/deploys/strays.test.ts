import { describe, expect, it } from 'vitest';
import { LABEL } from '../docker/labels';
import { isStray, STRAY_GRACE_MS } from './strays';

const created = 1_700_000_000; // Docker's Created: seconds
const container = (labels: Record<string, string>, name = 'berth-x-shop-v1-web-1') => ({
  Id: 'abc',
  Names: [`/${name}`],
  Created: created,
  Labels: labels,
});
const at = (msAfterCreate: number) => ({ now: created * 1000 + msAfterCreate, graceMs: STRAY_GRACE_MS });

describe('isStray', () => {
  it('an unclaimed instance container becomes a stray only after the grace period', () => {
    const c = container({ [LABEL.instance]: 'gone' });
    expect(isStray(c, new Set(), at(STRAY_GRACE_MS - 1))).toBe(false);
    expect(isStray(c, new Set(), at(STRAY_GRACE_MS))).toBe(true);
  });

  it('a claimed container or a build container never is', () => {
    expect(isStray(container({ [LABEL.instance]: 'i1' }), new Set(['berth-x-shop-v1-web-1']), at(3_600_000))).toBe(false);
    expect(isStray(container({ [LABEL.app]: 'shop' }), new Set(), at(3_600_000))).toBe(false);
  });
});
