import type { Actor } from '../auth/actor';
import { db, type Addon, type App } from '../db';
import { readEnv } from '../env/read-env';
import { setEnvBatch, type EnvChangeResult } from '../releases/change-env';
import { connectionUrl, openCredentials } from './credentials';
import { addonEnvKeys, apiType } from './env-keys';
import { LIVE_ADDON } from './live-addon';

/** The env vars the add-on sets on its app, with their values (decrypted here, stored encrypted). */
export function addonEnv(addon: Addon): Record<string, string> {
  const url = connectionUrl(apiType(addon.type), addon.containerName, openCredentials(addon.credentials));
  return Object.fromEntries(addonEnvKeys(addon).map((key) => [key, url]));
}

/**
 * Attaching = the add-on's env vars set on the app, which rolls out a new release (the normal env
 * change path: one release, event recorded). Acts as the user who asked for the add-on; one who
 * has since lost access to the app (or is gone) falls back to an admin.
 */
export async function attachAddon(addon: Addon & { app: Pick<App, 'name'> }): Promise<EnvChangeResult> {
  return setEnvBatch(await actingUser(addon.createdById), addon.app.name, addonEnv(addon), []);
}

/**
 * Detaching: the add-on's own URL var goes, and DATABASE_URL follows whoever holds it now — the
 * app's database add-on flagged `setsDatabaseUrl` (deleteAddon passes it on): its URL when it is
 * attached, removed when there is none (or it is still provisioning: attaching sets it). One
 * release for all of it. Level-based: it compares with the app's env, so a retry is a no-op.
 */
export async function detachAddon(actor: Actor, addon: Addon & { app: Pick<App, 'name'> }): Promise<EnvChangeResult | null> {
  const env = await readEnv(addon.appId);
  const own = addonEnvKeys({ ...addon, setsDatabaseUrl: false });
  const unset = own.filter((key) => key in env);
  const vars: Record<string, string> = {};
  const holder = await db.addon.findFirst({
    where: { appId: addon.appId, id: { not: addon.id }, ...LIVE_ADDON, setsDatabaseUrl: true },
  });
  if (holder && (holder.status === 'AVAILABLE' || holder.status === 'UNAVAILABLE')) {
    const url = addonEnv(holder).DATABASE_URL;
    if (url && env.DATABASE_URL !== url) vars.DATABASE_URL = url;
  } else if (addon.setsDatabaseUrl && 'DATABASE_URL' in env) {
    unset.push('DATABASE_URL');
  }
  if (unset.length === 0 && Object.keys(vars).length === 0) return null;
  return setEnvBatch(actor, addon.app.name, vars, unset);
}

async function actingUser(userId: string | null): Promise<Actor> {
  const user =
    (userId ? await db.user.findUnique({ where: { id: userId } }) : null) ??
    (await db.user.findFirst({ where: { role: 'ADMIN' }, orderBy: { createdAt: 'asc' } }));
  if (!user) throw new Error('no user to attach the add-on as');
  return { id: user.id, email: user.email, role: user.role };
}
