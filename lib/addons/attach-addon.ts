import type { Actor } from '../auth/actor';
import { db, type Addon, type App } from '../db';
import { setEnvBatch, type EnvChangeResult } from '../releases/change-env';
import { connectionUrl, openCredentials } from './credentials';
import { addonEnvKeys, apiType } from './env-keys';

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

/** Removes the add-on's env vars (one release); keys another add-on set meanwhile stay. */
export async function detachAddon(actor: Actor, addon: Addon & { app: Pick<App, 'name'> }): Promise<EnvChangeResult | null> {
  const keys = addonEnvKeys(addon);
  const present = await db.envVar.count({ where: { appId: addon.appId, key: { in: keys } } });
  if (present === 0) return null;
  return setEnvBatch(actor, addon.app.name, {}, keys);
}

async function actingUser(userId: string | null): Promise<Actor> {
  const user =
    (userId ? await db.user.findUnique({ where: { id: userId } }) : null) ??
    (await db.user.findFirst({ where: { role: 'ADMIN' }, orderBy: { createdAt: 'asc' } }));
  if (!user) throw new Error('no user to attach the add-on as');
  return { id: user.id, email: user.email, role: user.role };
}
