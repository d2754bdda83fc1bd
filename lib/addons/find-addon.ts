import { findAppForActor, type AppAccess } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db, type Addon, type App, type Host } from '../db';
import { notFound } from '../errors';

export type AddonWithApp = Addon & { app: App; host: Host | null };

/** The add-on `id` of the app `name`, if the actor may see the app; else NOT_FOUND (no leak). */
export async function findAddonForActor(actor: Actor, name: string, id: string, access: AppAccess = 'read'): Promise<AddonWithApp> {
  const app = await findAppForActor(actor, name, access);
  const addon = typeof id === 'string' && id.length <= 64 ? await db.addon.findFirst({ where: { id, appId: app.id }, include: { host: true } }) : null;
  if (!addon) throw notFound('Add-on');
  return { ...addon, app };
}
