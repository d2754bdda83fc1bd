import { describe, expect, it } from 'vitest';
import { backoffMs, isDue, RENEW_BEFORE_MS, renewalAt } from './certificate-schedule';

const DAY = 86_400_000;
const now = new Date('2026-12-01T00:00:00Z');
const issued = { source: 'ACME' as const, certPem: 'pem', notAfter: new Date(now.getTime() + 60 * DAY), nextAttemptAt: null, lastAttemptAt: new Date(now.getTime() - DAY) };

describe('certificate schedule', () => {
  it('orders new ACME certificates at once', () => {
    expect(isDue({ ...issued, certPem: null, notAfter: null, lastAttemptAt: null }, now)).toBe(true);
  });
  it('renews 30 days before expiry, not earlier', () => {
    expect(isDue(issued, now)).toBe(false);
    expect(isDue(issued, new Date(issued.notAfter.getTime() - RENEW_BEFORE_MS - 1))).toBe(false);
    expect(isDue(issued, new Date(issued.notAfter.getTime() - RENEW_BEFORE_MS))).toBe(true);
    expect(renewalAt(issued.notAfter).getTime()).toBe(issued.notAfter.getTime() - 30 * DAY);
  });
  it('waits for the backoff after a failure', () => {
    const failed = { ...issued, notAfter: new Date(now.getTime() + DAY), nextAttemptAt: new Date(now.getTime() + 60_000) };
    expect(isDue(failed, now)).toBe(false);
    expect(isDue(failed, new Date(now.getTime() + 60_000))).toBe(true);
  });
  it('never orders uploaded or wildcard certificates', () => {
    expect(isDue({ ...issued, source: 'UPLOADED', notAfter: now }, now)).toBe(false);
    expect(isDue({ ...issued, source: 'WILDCARD', certPem: null }, now)).toBe(false);
  });
  it('backs off exponentially from a minute to six hours', () => {
    expect(backoffMs(1)).toBe(60_000);
    expect(backoffMs(2)).toBe(120_000);
    expect(backoffMs(5)).toBe(16 * 60_000);
    expect(backoffMs(50)).toBe(6 * 3_600_000);
  });
});
