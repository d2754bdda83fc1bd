import { ADDON_KINDS, type AddonType } from './catalogue';

/** Prisma's AddonType (POSTGRES) ↔ the API's type (postgres). */
export const apiType = (type: string): AddonType => type.toLowerCase() as AddonType;
export const rowType = (type: AddonType) => type.toUpperCase() as 'POSTGRES' | 'MYSQL' | 'REDIS';

/** The env vars an add-on sets on its app: POSTGRES_URL[_n], and DATABASE_URL for the first database. */
export function addonEnvKeys(addon: { type: string; envSuffix: string; setsDatabaseUrl: boolean }): string[] {
  const kind = ADDON_KINDS[apiType(addon.type)];
  return [...(addon.setsDatabaseUrl ? ['DATABASE_URL'] : []), `${kind.envKey}${addon.envSuffix}`];
}

/** The first free suffix for one more add-on of a type: "", then "_2", "_3"… (pure). */
export function nextEnvSuffix(taken: readonly string[]): string {
  if (!taken.includes('')) return '';
  for (let n = 2; ; n++) if (!taken.includes(`_${n}`)) return `_${n}`;
}
