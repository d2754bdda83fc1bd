import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { toBuildDto, type BuildDto } from './build-dto';

/** GET /api/apps/<name>/builds?limit=&before= */
export const ZListBuildsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  before: z.coerce.number().int().min(1).optional(),
});
export type ListBuildsQuery = z.infer<typeof ZListBuildsQuery>;

/** The builds of an app the actor may see, newest first; `before` (a build number) pages back. */
export async function listBuilds(actor: Actor, appName: string, query: ListBuildsQuery = {}): Promise<BuildDto[]> {
  const app = await findAppForActor(actor, appName, 'read');
  const builds = await db.build.findMany({
    where: { appId: app.id, ...(query.before ? { number: { lt: query.before } } : {}) },
    orderBy: { number: 'desc' },
    take: Math.min(query.limit ?? 20, 100),
  });
  return builds.map(toBuildDto);
}
