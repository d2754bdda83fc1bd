import http from 'node:http';
import { config } from '../../lib/config';
import { appHostname } from '../../lib/model/app-url';

/** One poll: when it started and ended (performance.now() ms), what it got. Status 0 = failed. */
export type PollSample = { startedAt: number; endedAt: number; status: number; body: string; error?: string };

export type Poller = {
  samples: PollSample[];
  /** The first sample started at or after `since` (ms, performance.now()) that passes `check`, once it ended. */
  waitFor: (check: (s: PollSample) => boolean, opts: { since: number; timeoutMs: number }) => Promise<PollSample | null>;
  /** Stops sending and waits for the requests in flight. */
  stop: () => Promise<PollSample[]>;
};

/**
 * What a user watching the app sees: a GET through the edge proxy (loopback, the app's Host
 * header) every `intervalMs`, each on a fresh connection (`Connection: close`, no agent) like a
 * separate browser or curl, without waiting for the previous one — a held request shows up as
 * its own duration instead of delaying the next. Bounded in count and time.
 */
export function startPoller(
  name: string,
  { intervalMs = 50, maxRequests = 2_000, maxMs = 120_000, timeoutMs = 5_000 } = {},
): Poller {
  const samples: PollSample[] = [];
  const inFlight = new Set<Promise<void>>();
  const listeners = new Set<() => void>();
  const started = performance.now();
  let sent = 0;
  const tick = () => {
    if (sent >= maxRequests || performance.now() - started > maxMs) return stopTimer();
    sent++;
    const p = getOnce(name, timeoutMs).then((s) => {
      samples.push(s);
      for (const l of listeners) l();
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const timer = setInterval(tick, intervalMs);
  const stopTimer = () => clearInterval(timer);
  tick();

  return {
    samples,
    waitFor: (check, { since, timeoutMs: waitMs }) =>
      new Promise((resolve) => {
        const find = () => samples.find((s) => s.startedAt >= since && check(s)) ?? null;
        const done = (value: PollSample | null) => {
          listeners.delete(onSample);
          clearTimeout(deadline);
          resolve(value);
        };
        const onSample = () => {
          const hit = find();
          if (hit) done(hit);
        };
        const deadline = setTimeout(() => done(find()), waitMs);
        listeners.add(onSample);
        onSample();
      }),
    stop: async () => {
      stopTimer();
      await Promise.all([...inFlight]);
      return samples;
    },
  };
}

function getOnce(name: string, timeoutMs: number): Promise<PollSample> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number, body: string, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ startedAt, endedAt: performance.now(), status, body, ...(error ? { error } : {}) });
    };
    const req = http.get(
      {
        host: '127.0.0.1',
        port: config().BERTH_PROXY_PORT,
        path: '/',
        agent: false,
        headers: { host: appHostname(name), connection: 'close' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => done(res.statusCode ?? 0, body));
        res.on('error', (e) => done(0, body, e.message));
      },
    );
    const timer = setTimeout(() => done(0, '', `no answer within ${timeoutMs} ms`), timeoutMs);
    req.on('error', (e) => done(0, '', e.message));
  });
}
