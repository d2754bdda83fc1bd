import { z } from 'zod';
import { findAppForActor, type AppAccess } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db, type App, type Build } from '../db';
import { notFound } from '../errors';
import { toBuildDto, type BuildDto } from './build-dto';
import { getBuildLog, type BuildLogLineDto } from './build-log';

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

/** GET /api/builds/<id>?after=<seq> */
export const ZGetBuildQuery = z.object({ after: z.coerce.number().int().min(0).optional() });
export type GetBuildQuery = z.infer<typeof ZGetBuildQuery>;

/** A build's status (with its app's name) and its stored log lines after `after`. */
export async function getBuildWithLog(
  actor: Actor,
  buildId: string,
  query: GetBuildQuery = {},
): Promise<{ build: BuildDto & { app: string }; lines: BuildLogLineDto[] }> {
  const build = await getBuildForActor(actor, buildId, 'read');
  return { build: { ...toBuildDto(build), app: build.app.name }, lines: await getBuildLog(build.id, query.after ?? 0) };
}
