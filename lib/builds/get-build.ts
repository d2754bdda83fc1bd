import { findAppForActor, type AppAccess } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db, type App, type Build } from '../db';
import { notFound } from '../errors';

/** A build the actor may see (via its app's access rules); another team's build is a 404. */
export async function getBuildForActor(actor: Actor, buildId: string, access: AppAccess = 'read'): Promise<Build & { app: App }> {
  if (typeof buildId !== 'string' || buildId.length > 64) throw notFound('Build');
  const build = await db.build.findUnique({ where: { id: buildId }, include: { app: true } });
  if (!build) throw notFound('Build');
  try {
    await findAppForActor(actor, build.app.name, access);
  } catch {
    throw notFound('Build');
  }
  return build;
}
