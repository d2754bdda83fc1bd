import type { Healthcheck } from './types';

/**
 * Health check from `app.json`. Accepts Dokku's shape
 *   { "healthchecks": { "web": [{ "type": "startup", "path": "/health", "timeout": 5, "attempts": 3 }] } }
 * and a flat one
 *   { "healthcheck": { "path": "/health", "expectedStatus": 200, "timeoutMs": 5000, "attempts": 3 } }.
 * Returns null when the file declares none (the deploy then uses its default), and throws a
 * plain-words Error when app.json is not valid JSON.
 */
export const DEFAULT_HEALTHCHECK: Healthcheck = { path: '/', expectedStatus: 200, timeoutMs: 5_000, attempts: 10 };

export function parseAppJson(text: string): Healthcheck | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`app.json is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(doc)) return null;

  let raw: Record<string, unknown> | undefined;
  if (isObject(doc.healthchecks)) {
    const web = doc.healthchecks.web;
    const checks = (Array.isArray(web) ? web : []).filter(isObject);
    raw = checks.find((c) => typeof c.path === 'string' && (c.type === undefined || c.type === 'startup'))
      ?? checks.find((c) => typeof c.path === 'string');
  } else if (isObject(doc.healthcheck)) {
    raw = doc.healthcheck;
  }
  if (!raw || typeof raw.path !== 'string') return null;

  const path = raw.path.startsWith('/') ? raw.path : `/${raw.path}`;
  const expectedStatus = int(raw.expectedStatus ?? raw.status, 100, 599) ?? DEFAULT_HEALTHCHECK.expectedStatus;
  const timeoutMs =
    int(raw.timeoutMs, 100, 600_000) ??
    (typeof raw.timeout === 'number' ? int(raw.timeout * 1000, 100, 600_000) : null) ??
    DEFAULT_HEALTHCHECK.timeoutMs;
  const attempts = int(raw.attempts, 1, 100) ?? DEFAULT_HEALTHCHECK.attempts;
  return { path, expectedStatus, timeoutMs, attempts };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function int(value: unknown, min: number, max: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const n = Math.round(value);
  return n >= min && n <= max ? n : null;
}
