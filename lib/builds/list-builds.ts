import { db, type Build } from '../db';

/** An app's builds, newest first; `beforeNumber` pages back. Access is checked by the caller. */
export async function listBuilds(appId: string, options: { limit?: number; beforeNumber?: number } = {}): Promise<Build[]> {
  return db.build.findMany({
    where: { appId, ...(options.beforeNumber ? { number: { lt: options.beforeNumber } } : {}) },
    orderBy: { number: 'desc' },
    take: Math.min(options.limit ?? 20, 100),
  });
}
