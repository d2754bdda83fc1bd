import { describe, expect, it } from 'vitest';
import { backoffMs, CRASH_BACKOFF_MAX_MS, CRASH_STABLE_MS, CrashLedger } from './crash-backoff';

describe('crash backoff', () => {
  it('doubles from 1 s and caps', () => {
    expect([0, 1, 2, 3, 4].map(backoffMs)).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(backoffMs(40)).toBe(CRASH_BACKOFF_MAX_MS);
  });

  it('restarts at once the first time, then waits longer each time in a row', () => {
    const l = new CrashLedger();
    expect(l.action('i', 0)).toEqual({ restart: true });
    l.restarted('i', 0);
    expect(l.action('i', 500)).toEqual({ restart: false, waitMs: 500 });
    expect(l.action('i', 1000)).toEqual({ restart: true });
    l.restarted('i', 1000);
    expect(l.action('i', 2500)).toEqual({ restart: false, waitMs: 500 });
    expect(l.action('i', 3000)).toEqual({ restart: true });
  });

  it('forgets an instance that stayed up', () => {
    const l = new CrashLedger();
    l.restarted('i', 0);
    l.restarted('i', 1000);
    l.running('i', 1000 + CRASH_STABLE_MS - 1);
    expect(l.action('i', 1000 + CRASH_STABLE_MS - 1)).toEqual({ restart: true });
    l.restarted('i', 2000);
    l.running('i', 2000 + CRASH_STABLE_MS);
    expect(l.action('i', 2000 + CRASH_STABLE_MS)).toEqual({ restart: true });
    expect(l.restarted('i', 2000 + CRASH_STABLE_MS)).toBe(1);
  });
});
