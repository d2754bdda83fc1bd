import type { Actor } from '../auth/actor';
import { AppError } from '../errors';
import type { App } from '../db';

// STUB — owned by the apps/git work. Authorization for every app-scoped read or write lives here.
export type AppAccess = 'read' | 'write';

/** The app named `name` if the actor may see it (admin, app member or team member), else 404. */
export async function findAppForActor(_actor: Actor, _name: string, _access: AppAccess = 'read'): Promise<App> {
  throw new AppError('INTERNAL', 'apps not implemented yet');
}
