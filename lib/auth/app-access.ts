import type { Actor } from './actor';
import { AppError } from '../errors';
import { db, type App, type Prisma } from '../db';

/**
 * Authorization for every app-scoped read or write lives here, never copy-pasted in handlers.
 * Admins see every app; developers see apps they are a member of, directly (AppMember) or through
 * the app's team. Anything else is NOT_FOUND, never FORBIDDEN: a 403 would confirm the app exists.
 */
export type AppAccess = 'read' | 'write';

/** Prisma where-clause selecting the apps `actor` may see. */
export function appsVisibleTo(actor: Actor): Prisma.AppWhereInput {
  if (actor.role === 'ADMIN') return {};
  return {
    OR: [
      { members: { some: { userId: actor.id } } },
      { team: { members: { some: { userId: actor.id } } } },
    ],
  };
}

/**
 * The app named `name` if the actor may see it, else NOT_FOUND. Today every member may also
 * write (push, deploy, change settings): `access` is kept so a read-only role can be added here.
 */
export async function findAppForActor(actor: Actor, name: string, access: AppAccess = 'read'): Promise<App> {
  void access;
  // A NUL cannot be in any name (and PostgreSQL refuses it in a query, which would be a 500).
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || name.includes('\u0000')) throw notFoundApp(name);
  const app = await db.app.findFirst({ where: { AND: [{ name }, appsVisibleTo(actor)] } });
  if (!app) throw notFoundApp(name);
  return app;
}

function notFoundApp(name: string): AppError {
  return new AppError('NOT_FOUND', `App ${JSON.stringify(String(name).slice(0, 64))} not found`);
}
