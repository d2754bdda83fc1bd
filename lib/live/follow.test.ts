import { describe, expect, it } from 'vitest';
import { CAUGHT_UP, follow, RECHECK, type FollowOptions } from './follow';
import { MessageQueue } from './message-queue';
import type { Subscription } from './subscribe';

type Msg = { seq: number; text: string } | { done: string };

function fakeSubscription() {
  const queue = new MessageQueue();
  const subscription: Subscription = { next: () => queue.next(), wait: (ms, s) => queue.wait(ms, s), close: () => queue.close() };
  const publish = (m: Msg | string, channel = 'c') => queue.push({ channel, raw: typeof m === 'string' ? m : JSON.stringify(m) });
  return { subscription, publish };
}

const line = (seq: number) => ({ seq, text: `line ${seq}` });

function options(subscription: Subscription, stored: Msg[], extra: Partial<FollowOptions<Msg>> = {}): FollowOptions<Msg> {
  return {
    subscription,
    decode: (raw) => JSON.parse(raw) as Msg,
    backlog: async (after) => stored.filter((m) => 'seq' in m && m.seq > Number(after ?? 0)),
    key: (m) => ('seq' in m ? m.seq : undefined),
    isEnd: (m) => 'done' in m,
    ...extra,
  };
}

async function collect(items: AsyncIterable<Msg | typeof CAUGHT_UP>, until?: (m: Msg | typeof CAUGHT_UP) => void) {
  const out: (Msg | typeof CAUGHT_UP)[] = [];
  for await (const m of items) {
    out.push(m);
    until?.(m);
  }
  return out;
}

describe('follow', () => {
  it('sends the backlog, then what arrived meanwhile and live messages once each, and ends after re-reading the backlog', async () => {
    const { subscription, publish } = fakeSubscription();
    const stored: Msg[] = [line(1), line(2)];
    publish(line(2)); // arrived while the backlog was read: a duplicate
    publish(line(3));
    stored.push(line(3));
    const out = await collect(follow(options(subscription, stored, { after: 0 })), (m) => {
      if (m === CAUGHT_UP) {
        stored.push(line(4), line(5)); // line 5 is stored, its message not here yet when `done` is
        publish(line(4));
        publish({ done: 'SUCCEEDED' });
      }
    });
    expect(out).toEqual([line(1), line(2), line(3), CAUGHT_UP, line(4), line(5), { done: 'SUCCEEDED' }]);
  });

  it('resumes after the cursor and skips what `accept` refuses before deduplicating', async () => {
    const { subscription, publish } = fakeSubscription();
    publish(line(4));
    publish({ seq: 9, text: 'skip me' });
    publish(line(8));
    publish({ done: 'x' });
    const out = await collect(
      follow(options(subscription, [line(2), line(3)], { after: 2, accept: (m) => !('text' in m) || m.text !== 'skip me' })),
    );
    // 9 was refused, so 8 is still new.
    expect(out).toEqual([line(3), line(4), line(8), { done: 'x' }]);
  });

  it('ends on a terminal state the poll reports, leaving unread live messages queued', async () => {
    const { subscription, publish } = fakeSubscription();
    publish(line(1));
    const out = await collect(follow(options(subscription, [], { poll: async () => [{ done: 'FAILED' }] })));
    expect(out).toEqual([{ done: 'FAILED' }]);
    expect(subscription.next()?.raw).toBe(JSON.stringify(line(1)));
  });

  it('polls right away on a RECHECK message', async () => {
    const { subscription, publish } = fakeSubscription();
    let polls = 0;
    const items = follow(
      options(subscription, [], {
        decode: (raw) => (raw === 'check' ? RECHECK : (JSON.parse(raw) as Msg)),
        poll: async () => (++polls === 2 ? [{ done: 'LATE' }] : []),
        pollMs: 60_000,
      }),
    );
    const out = await collect(items, (m) => m === CAUGHT_UP && publish('check'));
    expect(out).toEqual([CAUGHT_UP, { done: 'LATE' }]);
    expect(polls).toBe(2);
  });

  it('gives up after the timeout and stops quietly on abort', async () => {
    const timedOut = await collect(
      follow(options(fakeSubscription().subscription, [], { timeoutMs: 20, onTimeout: () => ({ done: 'timeout' }) })),
    );
    expect(timedOut).toEqual([CAUGHT_UP, { done: 'timeout' }]);

    const abort = new AbortController();
    const aborted = await collect(follow(options(fakeSubscription().subscription, [line(1)], { signal: abort.signal })), (m) => {
      if (m === CAUGHT_UP) abort.abort();
    });
    expect(aborted).toEqual([line(1), CAUGHT_UP]);
  });
});
