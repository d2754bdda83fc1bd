import type { Tier } from '../db';
import { isTierName, tierFromName } from './tiers';

/**
 * Process formation (Heroku's word): how many instances of each Procfile process type run, and
 * on which tier. `web` runs 1 instance unless scaled; every other type 0 until scaled (or until
 * app.json's `formation` says otherwise). `release` is Heroku's release phase: it runs once per
 * release before the switch and is never a long-running instance.
 */
export const RELEASE_PROCESS = 'release';
export const MAX_QUANTITY = 20;

export const defaultQuantity = (processType: string): number => (processType === 'web' ? 1 : 0);

/** What is stored per type (ProcessFormation rows): tier null = the app's tier. */
export type FormationRow = { processType: string; quantity: number; tier: Tier | null; fromAppJson?: boolean };

/** What the app runs for one type. */
export type FormationEntry = { processType: string; quantity: number; tier: Tier };

/** The process types a release can run: web (the image's command when the Procfile has none) and every Procfile type but `release`. */
export function runnableTypes(processTypes: Record<string, string>): string[] {
  const others = Object.keys(processTypes)
    .filter((t) => t !== 'web' && t !== RELEASE_PROCESS)
    .sort();
  return ['web', ...others];
}

/**
 * The formation an app runs for a release (pure): one entry per runnable type, from the stored
 * rows or the defaults; rows for types the release does not declare are ignored (kept for when a
 * later release brings the type back).
 */
export function effectiveFormation(
  app: { tier: Tier; formation: readonly FormationRow[] },
  processTypes: Record<string, string>,
): FormationEntry[] {
  const rows = new Map(app.formation.map((r) => [r.processType, r]));
  return runnableTypes(processTypes).map((processType) => {
    const row = rows.get(processType);
    return { processType, quantity: row?.quantity ?? defaultQuantity(processType), tier: row?.tier ?? app.tier };
  });
}

/** app.json's `formation`, as the build recorded it: { type: { quantity?, tier? } }. */
export type AppJsonFormation = Record<string, { quantity?: number; tier?: Tier }>;

/** Reads a stored app.json formation (Build/Release.formation), dropping anything malformed. */
export function parseStoredFormation(value: unknown): AppJsonFormation {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: AppJsonFormation = {};
  for (const [type, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const { quantity, tier } = raw as { quantity?: unknown; tier?: unknown };
    const entry: { quantity?: number; tier?: Tier } = {};
    if (typeof quantity === 'number' && Number.isInteger(quantity) && quantity >= 0 && quantity <= MAX_QUANTITY) entry.quantity = quantity;
    const name = typeof tier === 'string' ? tier.toLowerCase() : null;
    if (isTierName(name)) entry.tier = tierFromName(name);
    if (entry.quantity !== undefined || entry.tier !== undefined) out[type] = entry;
  }
  return out;
}

/**
 * The formation rows once a release's app.json `formation` is applied (pure): every type it names
 * gets its quantity/tier unless a user scaled that type (a row not from app.json); rows that came
 * from an earlier app.json and are no longer named go back to the default. Heroku treats app.json
 * formation as the initial setup, Dokku as a lock on scaling; Berth follows it until you scale.
 */
export function withAppJsonFormation(rows: readonly FormationRow[], appJson: AppJsonFormation): FormationRow[] {
  const out: FormationRow[] = [];
  const byType = new Map(rows.map((r) => [r.processType, r]));
  for (const row of rows) {
    if (!row.fromAppJson) out.push(row);
    else if (!appJson[row.processType]) continue; // no longer declared: back to the default
  }
  for (const [processType, entry] of Object.entries(appJson)) {
    const row = byType.get(processType);
    if (row && !row.fromAppJson) continue; // scaled by a user: theirs wins
    out.push({
      processType,
      quantity: entry.quantity ?? defaultQuantity(processType),
      tier: entry.tier ?? null,
      fromAppJson: true,
    });
  }
  return out;
}
