import net from 'node:net';

/**
 * The health check a release must pass before it gets traffic. `null` (nothing configured)
 * means the default: the port accepts connections and `GET /` answers with anything but a 5xx
 * within 60 s. A configured check waits for the port the same way, then needs `expectedStatus`
 * on `path` within `attempts` tries of `timeoutMs` each, one second apart.
 */
export type HealthCheck = { path: string; expectedStatus: number; timeoutMs: number; attempts: number };

export const STARTUP_DEADLINE_MS = 60_000;

/** Normalises a stored JSON value (Release.healthcheck / App.healthcheck) into a HealthCheck. */
export function parseHealthCheck(value: unknown): HealthCheck | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const path = typeof v.path === 'string' && v.path.startsWith('/') ? v.path : '/';
  const num = (x: unknown, d: number, min: number, max: number) =>
    typeof x === 'number' && Number.isFinite(x) ? Math.min(max, Math.max(min, Math.round(x))) : d;
  return {
    path,
    expectedStatus: num(v.expectedStatus, 200, 100, 599),
    timeoutMs: num(v.timeoutMs, 5_000, 100, 60_000),
    attempts: num(v.attempts, 3, 1, 60),
  };
}

export type HealthTarget = {
  address: string;
  port: number;
  /** Rejects early when the container died: no point waiting out the deadline. */
  isAlive?: () => Promise<{ alive: boolean; why?: string }>;
  signal?: AbortSignal;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function canConnect(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function get(url: string, timeoutMs: number): Promise<number | string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return res.status;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Resolves when healthy; throws an Error whose message is the reason in plain words. */
export async function waitHealthy(target: HealthTarget, check: HealthCheck | null): Promise<void> {
  const base = `http://${target.address.includes(':') ? `[${target.address}]` : target.address}:${target.port}`;
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  let last = 'the port never accepted connections';
  const assertAlive = async () => {
    if (target.signal?.aborted) throw new Error('deploy cancelled');
    const state = await target.isAlive?.();
    if (state && !state.alive) throw new Error(`the container stopped during the health check (${state.why})`);
  };

  // Phase 1: the port accepts connections (and, by default, GET / is not 5xx).
  for (;;) {
    await assertAlive();
    if (await canConnect(target.address, target.port, 2_000)) {
      if (check) break;
      const status = await get(`${base}/`, 5_000);
      if (typeof status === 'number' && status < 500) return;
      last = typeof status === 'number' ? `GET / answered ${status}` : `GET / failed: ${status}`;
    }
    if (Date.now() > deadline)
      throw new Error(`health check failed: ${last} within ${STARTUP_DEADLINE_MS / 1000} s`);
    await sleep(500);
  }

  // Phase 2: the configured check.
  for (let attempt = 1; attempt <= check.attempts; attempt++) {
    await assertAlive();
    const status = await get(`${base}${check.path}`, check.timeoutMs);
    if (status === check.expectedStatus) return;
    last = typeof status === 'number' ? `answered ${status}` : `failed: ${status}`;
    if (attempt < check.attempts) await sleep(1_000);
  }
  throw new Error(
    `health check failed: GET ${check.path} ${last}, expected ${check.expectedStatus} (${check.attempts} attempts)`,
  );
}
