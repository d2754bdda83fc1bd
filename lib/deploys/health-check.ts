import http from 'node:http';
import net from 'node:net';
import { STARTUP_DEADLINE_MS, type HealthCheck } from '../model/health-check';

export type HealthTarget = {
  address: string;
  port: number;
  /** Rejects early when the container died: no point waiting out the deadline. */
  isAlive?: () => Promise<{ alive: boolean; why?: string }>;
  signal?: AbortSignal;
  /** How long the port may take to answer (default STARTUP_DEADLINE_MS; BERTH_HEALTH_STARTUP_SECONDS in deploys). */
  startupDeadlineMs?: number;
};

/**
 * Why a health check failed: `no-answer` (nothing answered HTTP on the port in time — usually an
 * app listening on another port than $PORT), `status` (it answered, but not as the check wants),
 * `stopped` (the container exited meanwhile). The message is the reason in plain words.
 */
export class HealthCheckError extends Error {
  constructor(
    readonly kind: 'no-answer' | 'status' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'HealthCheckError';
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function canConnect(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (ok: boolean) => {
      signal.removeEventListener('abort', abort);
      socket.destroy();
      resolve(ok);
    };
    const abort = () => done(false);
    signal.addEventListener('abort', abort, { once: true });
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function get(url: string, timeoutMs: number, signal: AbortSignal): Promise<number | string> {
  return (await getWithBody(url, timeoutMs, false, signal)).status;
}

/**
 * Status (or the failure in words) and, when asked, up to 1 MB of the body.
 * One connection per probe, closed as soon as the answer is read (`Connection: close`, no agent):
 * a kept-alive probe connection would occupy a single-threaded server (PHP's built-in server,
 * Python's wsgiref, a one-worker gunicorn) for the client's keep-alive timeout, and the first
 * real requests after the switch would queue behind it for seconds.
 */
function getWithBody(url: string, timeoutMs: number, wantBody: boolean, signal: AbortSignal): Promise<{ status: number | string; body: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: { status: number | string; body: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      req.destroy();
      resolve(value);
    };
    const req = http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      const status = res.statusCode ?? 'no status';
      if (!wantBody) return done({ status, body: '' });
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 1_000_000) chunks.push(chunk);
        else done({ status, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('end', () => done({ status, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => done({ status: error.message, body: '' }));
    });
    const timer = setTimeout(() => done({ status: `no answer within ${timeoutMs} ms`, body: '' }), timeoutMs);
    const abort = () => done({ status: 'stopped waiting', body: '' });
    signal.addEventListener('abort', abort, { once: true });
    req.on('error', (error) => done({ status: error.message || String(error), body: '' }));
  });
}

/** Phase 1 polls every 25 ms for its first 40 rounds (≈ 2 s), then slows by 25 ms a round to 250 ms. */
export function pollDelayMs(round: number): number {
  return round <= FAST_ROUNDS ? 25 : Math.min(250, 25 * (round - FAST_ROUNDS + 1));
}

const FAST_ROUNDS = 40;
/** The container's liveness (one engine call) is asked this often while the probes run. */
const ALIVE_EVERY_MS = 250; // one Docker inspect each: hundreds of deploys at once (density) add up

/** Resolves when healthy; throws an Error whose message is the reason in plain words. */
export async function waitHealthy(target: HealthTarget, check: HealthCheck | null): Promise<void> {
  // Liveness is watched beside the probes, not between them: when a container exits, its
  // namespace goes without a reset, so a probe in flight through docker-proxy would wait out its
  // own timeout (5 s). The watch aborts it instead, and the deploy fails at once.
  const stop = new AbortController();
  const watch = watchLiveness(target, stop);
  try {
    await probeUntilHealthy(target, check, stop.signal);
  } catch (error) {
    throw watch.failure ?? error;
  } finally {
    stop.abort();
  }
  if (watch.failure) throw watch.failure;
}

/**
 * Asks `isAlive` every ALIVE_EVERY_MS until `stop` aborts; a dead container (or a failed
 * question, or the deploy's own cancel) is kept as `failure` and aborts `stop`.
 */
function watchLiveness(target: HealthTarget, stop: AbortController): { failure: Error | null } {
  const watch: { failure: Error | null } = { failure: null };
  const fail = (error: Error) => {
    watch.failure ??= error;
    stop.abort();
  };
  const cancelled = () => fail(new Error('deploy cancelled'));
  if (target.signal?.aborted) cancelled();
  target.signal?.addEventListener('abort', cancelled, { once: true });
  stop.signal.addEventListener('abort', () => target.signal?.removeEventListener('abort', cancelled), { once: true });
  void (async () => {
    while (!stop.signal.aborted && target.isAlive) {
      try {
        const state = await target.isAlive();
        if (!state.alive) return fail(new HealthCheckError('stopped', `the container stopped during the health check (${state.why})`));
      } catch (error) {
        return fail(error instanceof Error ? error : new Error(String(error)));
      }
      await sleep(ALIVE_EVERY_MS, stop.signal);
    }
  })();
  return watch;
}

async function probeUntilHealthy(target: HealthTarget, check: HealthCheck | null, stop: AbortSignal): Promise<void> {
  const base = `http://${target.address.includes(':') ? `[${target.address}]` : target.address}:${target.port}`;
  const startupMs = target.startupDeadlineMs ?? STARTUP_DEADLINE_MS;
  const deadline = Date.now() + startupMs;
  let last = 'the port never accepted connections';
  let answered = false;
  const stopped = () => {
    if (stop.aborted) throw new Error('stopped'); // waitHealthy reports the watch's reason
  };

  // Phase 1: the port accepts connections (and, by default, GET / is not 5xx). Polled every 25 ms
  // at first, slowing to 250 ms: most apps answer within a second, and a deploy's "live" and a
  // woken app's held request (lib/sleep/waker.ts) wait for exactly this, so a coarse interval
  // is pure added latency. A probe is one loopback connect (docker-proxy accepts before the app
  // listens, so usually a GET too): cheap next to the app's own start.
  for (let round = 1; ; round++) {
    stopped();
    if (await canConnect(target.address, target.port, 2_000, stop)) {
      stopped();
      if (check) break;
      const status = await get(`${base}/`, 5_000, stop);
      stopped();
      if (typeof status === 'number' && status < 500) return;
      answered = typeof status === 'number';
      last = typeof status === 'number' ? `GET / answered ${status}` : `GET / failed: ${status}`;
    }
    if (Date.now() > deadline)
      throw new HealthCheckError(answered ? 'status' : 'no-answer', `health check failed: ${last} within ${startupMs / 1000} s`);
    await sleep(pollDelayMs(round), stop);
  }

  // Phase 2: the configured check.
  for (let attempt = 1; attempt <= check.attempts; attempt++) {
    stopped();
    const { status, body } = await getWithBody(`${base}${check.path}`, check.timeoutMs, Boolean(check.content), stop);
    stopped();
    answered = typeof status === 'number';
    if (status === check.expectedStatus && (!check.content || body.includes(check.content))) return;
    last =
      status === check.expectedStatus
        ? `answered ${status} without ${JSON.stringify(check.content)} in the body`
        : typeof status === 'number'
          ? `answered ${status}`
          : `failed: ${status}`;
    if (attempt < check.attempts) await sleep(check.waitMs ?? 1_000, stop);
  }
  throw new HealthCheckError(
    answered ? 'status' : 'no-answer',
    `health check failed: GET ${check.path} ${last}, expected ${check.expectedStatus}${check.content ? ` containing ${JSON.stringify(check.content)}` : ''} (${check.attempts} attempts)`,
  );
}
