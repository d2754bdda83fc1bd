import { describe, expect, it } from 'vitest';
import { emailCountFrom, SIGN_IN_LIMITS, signInBlockedReason, windowStart } from './rate-limit';

const now = new Date('2030-01-01T12:00:00Z');

describe('sign-in rate limit', () => {
  it('counts failures over the last 15 minutes', () => {
    expect(windowStart(now).toISOString()).toBe('2030-01-01T11:45:00.000Z');
  });

  it('allows up to 5 failures per account and 20 per IP', () => {
    expect(signInBlockedReason({ emailFailures: 4, ipFailures: 19 })).toBeNull();
    expect(signInBlockedReason({ emailFailures: 5, ipFailures: 0 })).toMatch(/this account.*15 minutes/);
    expect(signInBlockedReason({ emailFailures: 0, ipFailures: 20 })).toMatch(/your network/);
  });

  it('restarts the account count after a successful sign-in', () => {
    const recentSuccess = new Date('2030-01-01T11:55:00Z');
    expect(emailCountFrom(now, recentSuccess)).toEqual(recentSuccess);
    expect(emailCountFrom(now, new Date('2030-01-01T09:00:00Z'))).toEqual(windowStart(now));
    expect(emailCountFrom(now, null)).toEqual(windowStart(now));
  });

  it('takes custom limits (windows are data, not sleeps)', () => {
    const limits = { ...SIGN_IN_LIMITS, windowMs: 60_000, maxFailuresPerEmail: 1 };
    expect(windowStart(now, limits).toISOString()).toBe('2030-01-01T11:59:00.000Z');
    expect(signInBlockedReason({ emailFailures: 1, ipFailures: 0 }, limits)).toMatch(/in 1 minute\./);
  });
});
