import { describe, expect, it, vi } from 'vitest';
import { sseResponse } from './sse-response';

describe('sseResponse', () => {
  it('frames what the producer yields and closes when it ends', async () => {
    const res = sseResponse(async function* () {
      yield { comment: 'hello', retry: 2000 };
      yield { id: 1, event: 'line', data: { seq: 1 } };
      yield { event: 'done', data: { status: 'SUCCEEDED' } };
    }, new AbortController().signal);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(await res.text()).toBe('retry: 2000\n: hello\n\nid: 1\nevent: line\ndata: {"seq":1}\n\nevent: done\ndata: {"status":"SUCCEEDED"}\n\n');
  });

  it('turns a failure into one error event', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = sseResponse(async function* () {
      yield { event: 'a', data: 1 };
      throw new Error('redis is down');
    }, new AbortController().signal);
    expect(await res.text()).toBe('event: a\ndata: 1\n\nevent: error\ndata: {"message":"redis is down"}\n\n');
    error.mockRestore();
  });

  it('sends heartbeat comments while quiet', async () => {
    vi.useFakeTimers();
    try {
      let release!: () => void;
      const res = sseResponse(
        async function* () {
          await new Promise<void>((r) => (release = r));
          yield* [];
        },
        new AbortController().signal,
        { heartbeat: { everyMs: 1000, comment: 'keepalive' } },
      );
      const text = res.text();
      await vi.advanceTimersByTimeAsync(2500);
      release();
      expect(await text).toBe(': keepalive\n\n: keepalive\n\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it('aborts the producer when the client goes away', async () => {
    const client = new AbortController();
    let seen: AbortSignal | undefined;
    const res = sseResponse(async function* (signal) {
      seen = signal;
      yield { event: 'a', data: 1 };
      await new Promise((r) => signal.addEventListener('abort', r));
    }, client.signal);
    const reader = res.body!.getReader();
    await reader.read();
    client.abort();
    expect((await reader.read()).done).toBe(true);
    expect(seen?.aborted).toBe(true);
  });
});
