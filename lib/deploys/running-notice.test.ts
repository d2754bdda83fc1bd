import { describe, expect, it } from 'vitest';
import { announceRunning, nextRunningNotice } from './running-notice';

describe('running notice', () => {
  it('wakes a waiter of that app at once, not one of another app', async () => {
    const mine = nextRunningNotice('app-a', 10_000);
    const other = nextRunningNotice('app-b', 50);
    const t = Date.now();
    setTimeout(() => announceRunning('app-a'), 5);
    await mine.wait();
    expect(Date.now() - t).toBeLessThan(1_000);
    let otherDone = false;
    void other.wait().then(() => (otherDone = true));
    await Promise.resolve();
    expect(otherDone).toBe(false); // app-a's announcement is not app-b's
    await other.wait();
  });

  it('resolves after its time without an announcement, and an announcement before subscribing is not kept', async () => {
    announceRunning('app-c');
    const t = Date.now();
    await nextRunningNotice('app-c', 30).wait();
    expect(Date.now() - t).toBeGreaterThanOrEqual(25);
  });

  it('a cancelled waiter is gone', async () => {
    const n = nextRunningNotice('app-d', 10_000);
    n.cancel();
    await n.wait(); // cancel resolves it
    announceRunning('app-d'); // nothing left to wake: no throw
  });
});
