import { describe, expect, it } from 'vitest';
import { followChanges } from './follow-changes';
import { MessageQueue } from './message-queue';
import type { Subscription } from './subscribe';

function fakeSubscription() {
  const queue = new MessageQueue();
  const subscription: Subscription = { next: () => queue.next(), wait: (ms, s) => queue.wait(ms, s), close: () => queue.close() };
  return { subscription, wake: () => queue.push({ channel: 'apps', raw: '{}' }) };
}

/** Takes `count` states from the stream, then stops it. */
async function take<S>(stream: AsyncGenerator<S>, count: number, abort: AbortController, onEach?: (s: S, i: number) => void) {
  const out: S[] = [];
  for await (const s of stream) {
    out.push(s);
    onEach?.(s, out.length - 1);
    if (out.length === count) break;
  }
  abort.abort();
  return out;
}

describe('followChanges', () => {
  it('sends the state first, then a new state after a wake-up, and nothing when it did not change', async () => {
    const { subscription, wake } = fakeSubscription();
    const abort = new AbortController();
    let state = 1;
    let reads = 0;
    const stream = followChanges({
      channels: [],
      subscription,
      signal: abort.signal,
      minGapMs: 20,
      idleReadMs: 60_000,
      read: async () => {
        reads++;
        return { n: state };
      },
    });
    const seen = await take(stream, 2, abort, (_s, i) => {
      if (i !== 0) return;
      wake(); // unchanged: re-read but not sent
      setTimeout(() => {
        state = 2;
        wake();
      }, 60);
    });
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(reads).toBeGreaterThanOrEqual(3);
  });

  it('turns a burst of wake-ups into a few reads', async () => {
    const { subscription, wake } = fakeSubscription();
    const abort = new AbortController();
    let reads = 0;
    const stream = followChanges({
      channels: [],
      subscription,
      signal: abort.signal,
      minGapMs: 50,
      idleReadMs: 60_000,
      read: async () => ({ n: ++reads }),
    });
    const seen = await take(stream, 2, abort, (_s, i) => {
      if (i === 0) for (let k = 0; k < 200; k++) wake();
    });
    expect(seen.length).toBe(2);
    await new Promise((r) => setTimeout(r, 150));
    expect(reads).toBeLessThanOrEqual(4);
  });

  it('reads again after idleReadMs without any wake-up (changes nobody announced)', async () => {
    const { subscription } = fakeSubscription();
    const abort = new AbortController();
    let n = 0;
    const stream = followChanges({ channels: [], subscription, signal: abort.signal, minGapMs: 10, idleReadMs: 40, read: async () => ({ n: ++n }) });
    const started = Date.now();
    const seen = await take(stream, 2, abort);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});
