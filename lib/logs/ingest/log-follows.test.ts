import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../background/clock';
import { LogFollows } from './log-follows';

const never = new AbortController().signal;

describe('LogFollows', () => {
  it('follows a running container once at a time', async () => {
    const follows = new LogFollows(new ManualClock());
    const running = { Id: 'a', State: 'running' };
    expect(follows.wants(running)).toBe(true);
    let end!: () => void;
    follows.start('h1', running, never, () => new Promise<void>((r) => (end = r)));
    expect(follows.wants(running)).toBe(false);
    end();
    await follows.settled();
    expect(follows.wants(running)).toBe(true);
  });

  it('drains a stopped container once, then again only after drainAgainMs (clock, no sleeping)', async () => {
    const clock = new ManualClock(1_000);
    const follows = new LogFollows(clock, 30_000);
    const stopped = { Id: 'b', State: 'exited' };
    follows.start('h1', stopped, never, async () => undefined);
    await follows.settled();
    expect(follows.wants(stopped)).toBe(false);
    clock.advance(29_999);
    expect(follows.wants(stopped)).toBe(false);
    clock.advance(1);
    expect(follows.wants(stopped)).toBe(true);
    // Still stopped at the next drain: the wait doubles (a sleeping app's kept container).
    follows.start('h1', stopped, never, async () => undefined);
    await follows.settled();
    clock.advance(59_999);
    expect(follows.wants(stopped)).toBe(false);
    clock.advance(1);
    expect(follows.wants(stopped)).toBe(true);
    // Seen running resets it.
    expect(follows.wants({ Id: 'b', State: 'running' })).toBe(true);
    follows.start('h1', stopped, never, async () => undefined);
    await follows.settled();
    clock.advance(30_000);
    expect(follows.wants(stopped)).toBe(true);
  });

  it('passes over a stopped container that is nobody\'s until the drain backoff; never a running one', () => {
    const clock = new ManualClock(1_000);
    const follows = new LogFollows(clock, 30_000);
    const stopped = { Id: 'c', State: 'created' };
    follows.passOver('h1', stopped);
    expect(follows.wants(stopped)).toBe(false);
    clock.advance(30_000);
    expect(follows.wants(stopped)).toBe(true);
    follows.passOver('h1', stopped);
    clock.advance(30_000);
    expect(follows.wants(stopped)).toBe(false); // doubled, as a drain's
    const running = { Id: 'd', State: 'running' };
    follows.passOver('h1', running);
    expect(follows.wants(running)).toBe(true);
  });

  it('forgets drained containers that are gone from their own host only; stops follows of unobserved hosts', async () => {
    const follows = new LogFollows(new ManualClock(), 30_000);
    follows.start('h1', { Id: 'x', State: 'exited' }, never, async () => undefined);
    follows.start('h2', { Id: 'y', State: 'exited' }, never, async () => undefined);
    await follows.settled();
    follows.forgetGone('h1', new Set());
    expect(follows.wants({ Id: 'x', State: 'exited' })).toBe(true);
    expect(follows.wants({ Id: 'y', State: 'exited' })).toBe(false);

    let aborted = false;
    follows.start('h2', { Id: 'z', State: 'running' }, never, (signal) =>
      new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve()))),
    );
    follows.stopHostsOtherThan(new Set(['h1']));
    await follows.settled();
    expect(aborted).toBe(true);
  });
});
