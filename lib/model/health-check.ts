/**
 * The health check a release must pass before it gets traffic. `null` (nothing configured)
 * means the default: the port accepts connections and `GET /` answers with anything but a 5xx
 * within 60 s. A configured check waits for the port the same way, then needs `expectedStatus`
 * on `path` within `attempts` tries of `timeoutMs` each, `waitMs` apart (default one second);
 * with `content`, the body must also contain that text (Dokku's app.json `content`).
 */
export type HealthCheck = {
  path: string;
  expectedStatus: number;
  timeoutMs: number;
  attempts: number;
  content?: string;
  waitMs?: number;
};

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
    ...(typeof v.content === 'string' && v.content ? { content: v.content.slice(0, 1024) } : {}),
    ...(typeof v.waitMs === 'number' ? { waitMs: num(v.waitMs, 1_000, 0, 60_000) } : {}),
  };
}
