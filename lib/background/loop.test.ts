import { describe, expect, it } from 'vitest';
import { ManualClock, shiftedClock } from './clock';
import { startLoop } from './loop';

/** A run the test finishes by hand. */
function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((open = res), (fail = rej)));
  return { promise, open, fail };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('startLoop', () => {
  it('runs at start, then intervalMs after each run ends, on the injected clock', async () => {
    const clock = new ManualClock(1_000);
    const starts: number[] = [];
    const loop = startLoop({ name: 't', intervalMs: 5_000, clock, run: async () => void starts.push(clock.now()) });
    await flush();
    expect(starts).toEqual([1_000]);
    clock.advance(4_999);
    await flush();
    expect(starts).toEqual([1_000]);
    clock.advance(1);
    await flush();
    clock.advance(5_000);
    await flush();
    expect(starts).toEqual([1_000, 6_000, 11_000]);
    await loop.close();
    expect(clock.pending).toBe(0);
  });

  it('runAtStart: false waits one interval', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const loop = startLoop({ name: 't', intervalMs: 100, runAtStart: false, clock, run: async () => void runs++ });
    await flush();
    expect(runs).toBe(0);
    clock.advance(100);
    await flush();
    expect(runs).toBe(1);
    await loop.close();
  });

  it('never overlaps; wake-ups during a run coalesce into exactly one more run', async () => {
    const clock = new ManualClock();
    const gates: ReturnType<typeof gate>[] = [];
    let active = 0;
    let maxActive = 0;
    const loop = startLoop({
      name: 't',
      intervalMs: 60_000,
      clock,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        const g = gate();
        gates.push(g);
        await g.promise;
        active--;
      },
    });
    await flush();
    expect(gates).toHaveLength(1);
    for (let i = 0; i < 10; i++) loop.wake();
    clock.advance(60_000); // the timer is not even armed while a run is in progress
    await flush();
    expect(gates).toHaveLength(1);
    gates[0].open();
    await flush();
    expect(gates).toHaveLength(2); // one follow-up for all ten wake-ups
    gates[1].open();
    await flush();
    expect(gates).toHaveLength(2);
    expect(maxActive).toBe(1);
    await loop.close();
  });

  it('next() resolves after a run that started after the call, and rejects with its error', async () => {
    const gates: ReturnType<typeof gate>[] = [];
    const loop = startLoop({
      name: 't',
      onError: () => undefined,
      run: async () => {
        const g = gate();
        gates.push(g);
        await g.promise;
      },
    });
    await flush();
    let firstDone = false;
    const a = loop.next().then(() => (firstDone = true));
    const b = loop.next(); // same follow-up run as `a`
    gates[0].open(); // the run that was in progress when next() was called
    await flush();
    expect(firstDone).toBe(false);
    expect(gates).toHaveLength(2);
    gates[1].fail(new Error('nginx -t failed'));
    await expect(a).rejects.toThrow('nginx -t failed');
    await expect(b).rejects.toThrow('nginx -t failed');
    const c = loop.next(); // idle: starts at once
    await flush();
    gates[2].open();
    await expect(c).resolves.toBeUndefined();
    await loop.close();
  });

  it('keeps going after a failed run and reports it', async () => {
    const clock = new ManualClock();
    const errors: string[] = [];
    let n = 0;
    const loop = startLoop({
      name: 't',
      intervalMs: 10,
      clock,
      onError: (e) => errors.push((e as Error).message),
      run: async () => {
        if (++n === 1) throw new Error('boom');
      },
    });
    await flush();
    clock.advance(10);
    await flush();
    expect(n).toBe(2);
    expect(errors).toEqual(['boom']);
    await loop.close();
  });

  it('close() waits for the run in progress, aborts its signal, and stops waking', async () => {
    const clock = new ManualClock();
    const g = gate();
    let aborted = false;
    let runs = 0;
    const loop = startLoop({
      name: 't',
      intervalMs: 10,
      clock,
      run: async (signal) => {
        runs++;
        signal.addEventListener('abort', () => (aborted = true));
        await g.promise;
      },
    });
    await flush();
    const pendingNext = loop.next();
    let closed = false;
    const closing = loop.close().then(() => (closed = true));
    await flush();
    expect(aborted).toBe(true);
    expect(closed).toBe(false);
    g.open();
    await closing;
    await expect(pendingNext).rejects.toThrow('t closed');
    loop.wake();
    clock.advance(1_000);
    await flush();
    expect(runs).toBe(1);
  });

  it('a wake-only loop (no interval) runs only when asked', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const loop = startLoop({ name: 't', runAtStart: false, clock, run: async () => void runs++ });
    clock.advance(3_600_000);
    await flush();
    expect(runs).toBe(0);
    await loop.next();
    expect(runs).toBe(1);
    await loop.close();
  });
});

describe('shiftedClock', () => {
  it('looks ahead without waiting', () => {
    const base = new ManualClock(1_000);
    expect(shiftedClock(16_000, base).now()).toBe(17_000);
  });
});
