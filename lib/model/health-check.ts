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
