import type { AppJsonFormation } from '../model/formation';
import { MAX_QUANTITY } from '../model/formation';
import { isTierName, tierFromName, type TierName } from '../model/tiers';
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
  const content = typeof raw.content === 'string' && raw.content ? raw.content.slice(0, 1024) : null;
  // Dokku's `wait` is seconds between attempts; the flat shape may say waitMs.
  const waitMs = int(raw.waitMs, 0, 60_000) ?? (typeof raw.wait === 'number' ? int(raw.wait * 1000, 0, 60_000) : null);
  return { path, expectedStatus, timeoutMs, attempts, ...(content ? { content } : {}), ...(waitMs !== null ? { waitMs } : {}) };
}

/**
 * `formation` from `app.json`, as Heroku and Dokku write it:
 *   { "formation": { "web": { "quantity": 2 }, "worker": { "quantity": 1, "size": "medium" } } }
 * `size` is a Berth tier (small | medium | large) or a Heroku dyno size (standard-1x → small,
 * standard-2x → medium, performance-* → large). Anything else is left out with a warning; an
 * invalid JSON file yields nothing (parseAppJson already reports it).
 */
export function parseAppJsonFormation(text: string): { formation: AppJsonFormation; warnings: string[] } {
  const warnings: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { formation: {}, warnings };
  }
  if (!isObject(doc) || doc.formation === undefined) return { formation: {}, warnings };
  if (!isObject(doc.formation)) return { formation: {}, warnings: ['app.json formation is not an object; ignored'] };
  const formation: AppJsonFormation = {};
  for (const [type, raw] of Object.entries(doc.formation)) {
    if (!/^[a-zA-Z0-9_-]{1,63}$/.test(type) || !isObject(raw)) {
      warnings.push(`app.json formation entry "${type.slice(0, 63)}" ignored`);
      continue;
    }
    const entry: AppJsonFormation[string] = {};
    if (raw.quantity !== undefined) {
      const quantity = typeof raw.quantity === 'number' && Number.isInteger(raw.quantity) ? raw.quantity : NaN;
      if (quantity >= 0 && quantity <= MAX_QUANTITY) entry.quantity = quantity;
      else warnings.push(`app.json formation ${type}: quantity must be 0 to ${MAX_QUANTITY}; ignored`);
    }
    if (raw.size !== undefined) {
      const tier = typeof raw.size === 'string' ? sizeToTier(raw.size) : null;
      if (tier) entry.tier = tierFromName(tier);
      else warnings.push(`app.json formation ${type}: size ${JSON.stringify(raw.size)} is not small, medium or large; ignored`);
    }
    if (entry.quantity !== undefined || entry.tier !== undefined) formation[type] = entry;
  }
  return { formation, warnings };
}

const HEROKU_SIZES: Record<string, TierName> = {
  free: 'small',
  eco: 'small',
  hobby: 'small',
  basic: 'small',
  'standard-1x': 'small',
  'standard-2x': 'medium',
  'performance-m': 'large',
  'performance-l': 'large',
};

function sizeToTier(size: string): TierName | null {
  const name = size.trim().toLowerCase();
  if (isTierName(name)) return name;
  return HEROKU_SIZES[name] ?? null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function int(value: unknown, min: number, max: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const n = Math.round(value);
  return n >= min && n <= max ? n : null;
}

/** One `env` entry of app.json: its default `value` (applied on first deploy) and `required`. */
export type AppJsonEnvVar = { value: string | null; required: boolean };

/**
 * The `env` section of app.json (Heroku): `"NAME": "default"` or
 * `"NAME": {"description": "...", "value": "default", "required": true}`. Only an explicit
 * `required: true` makes a variable required (a default value satisfies it). Names that are not
 * env-var names, and invalid JSON, give an empty result (detection already warns about the JSON).
 */
export function parseAppJsonEnv(text: string): Record<string, AppJsonEnvVar> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(doc) || !isObject(doc.env)) return {};
  const out: Record<string, AppJsonEnvVar> = {};
  for (const [name, raw] of Object.entries(doc.env)) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) continue;
    if (typeof raw === 'string') out[name] = { value: raw, required: false };
    else if (typeof raw === 'number' || typeof raw === 'boolean') out[name] = { value: String(raw), required: false };
    else if (isObject(raw)) {
      const value = typeof raw.value === 'string' ? raw.value : typeof raw.value === 'number' ? String(raw.value) : null;
      out[name] = { value, required: raw.required === true };
    }
  }
  return out;
}

/** Deploy scripts from app.json, run in one-off containers with the release's env. */
export type DeployScripts = { predeploy?: string; postdeploy?: string };

/**
 * `scripts.dokku.predeploy` / `scripts.dokku.postdeploy` (Dokku) and `scripts.postdeploy`
 * (Heroku; a string or `{command}`). Dokku's wins when both name a postdeploy.
 */
export function parseAppJsonScripts(text: string): DeployScripts {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(doc) || !isObject(doc.scripts)) return {};
  const command = (v: unknown): string | undefined => {
    const c = typeof v === 'string' ? v : isObject(v) && typeof v.command === 'string' ? v.command : undefined;
    return c && c.trim() ? c.trim().slice(0, 4096) : undefined;
  };
  const dokku = isObject(doc.scripts.dokku) ? doc.scripts.dokku : {};
  const out: DeployScripts = {};
  const pre = command(dokku.predeploy);
  const post = command(dokku.postdeploy) ?? command(doc.scripts.postdeploy);
  if (pre) out.predeploy = pre;
  if (post) out.postdeploy = post;
  return out;
}
