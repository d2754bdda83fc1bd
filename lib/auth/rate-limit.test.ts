import { describe, expect, it } from 'vitest';
import { pairCountFrom, pairDelayMs, SIGN_IN_LIMITS, signInWait, waitMessage, type ThrottleFacts } from './rate-limit';

const now = new Date('2030-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const quiet: ThrottleFacts = {
  pairFailures: 0,
  lastPairFailure: null,
  clientFailures: 0,
  blockingClientFailure: null,
  accountFailures: 0,
  lastAccountFailure: null,
  knownClient: false,
};

describe('sign-in throttling', () => {
  it('gives an account+client pair 5 free failures, then doubling waits capped at 15 minutes', () => {
    expect([4, 5, 6, 7, 8].map((n) => pairDelayMs(n))).toEqual([0, 15_000, 30_000, 60_000, 120_000]);
    expect(pairDelayMs(40)).toBe(15 * 60_000);
    expect(signInWait({ ...quiet, pairFailures: 4, lastPairFailure: ago(0) }, now)).toBeNull();
    expect(signInWait({ ...quiet, pairFailures: 5, lastPairFailure: ago(5_000) }, now)).toEqual({ scope: 'pair', waitMs: 10_000 });
    expect(signInWait({ ...quiet, pairFailures: 5, lastPairFailure: ago(15_000) }, now)).toBeNull();
  });

  it('forgets a pair at its last success, or after a day', () => {
    const success = ago(60_000);
    expect(pairCountFrom(now, success)).toEqual(success);
    expect(pairCountFrom(now, ago(2 * 24 * 3600_000))).toEqual(ago(SIGN_IN_LIMITS.pairMemoryMs));
    expect(pairCountFrom(now, null)).toEqual(ago(SIGN_IN_LIMITS.pairMemoryMs));
  });

  it('stops a client spraying many accounts until its 20th-latest failure leaves the window', () => {
    const facts = { ...quiet, clientFailures: 20, blockingClientFailure: ago(10 * 60_000) };
    expect(signInWait(facts, now)).toEqual({ scope: 'client', waitMs: 5 * 60_000 });
    expect(signInWait({ ...facts, clientFailures: 19 }, now)).toBeNull();
  });

  it('spaces out unknown clients of an account under a distributed attack, never a known one', () => {
    const attacked = { ...quiet, accountFailures: 50, lastAccountFailure: ago(1_000) };
    expect(signInWait(attacked, now)).toEqual({ scope: 'account', waitMs: 9_000 });
    expect(signInWait({ ...attacked, knownClient: true }, now)).toBeNull();
    expect(signInWait({ ...attacked, accountFailures: 49 }, now)).toBeNull();
  });

  it('says how long to wait', () => {
    expect(waitMessage({ scope: 'pair', waitMs: 14_200 })).toBe('Too many failed sign-in attempts. Try again in 15 seconds.');
    expect(waitMessage({ scope: 'client', waitMs: 5 * 60_000 })).toMatch(/from your network\. Try again in 5 minutes\./);
    expect(waitMessage({ scope: 'account', waitMs: 1 })).toMatch(/for this account\. Try again in 1 second\./);
  });
});
