import type { Addon, Host } from '../db';
import { execInAddon } from './addon-container';
import { ADDON_KINDS } from './catalogue';
import { apiType } from './env-keys';

/** Bytes used by the add-on's data directory (its volume), or null when it cannot be measured now. */
export async function addonSizeBytes(addon: Addon & { host: Host }): Promise<number | null> {
  const r = await execInAddon(addon, ['du', '-sb', ADDON_KINDS[apiType(addon.type)].dataDir], { timeoutMs: 10_000 }).catch(() => null);
  if (!r || r.exitCode !== 0) return null;
  const bytes = Number.parseInt(r.stdout.trim().split(/\s+/)[0] ?? '', 10);
  return Number.isFinite(bytes) ? bytes : null;
}
