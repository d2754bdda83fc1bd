import { db, type ReleaseStatus } from '../db';

export type ReleaseRow = { id: string; version: number; status: ReleaseStatus; failureReason: string | null };

/** The newest release made from a build (a redeploy of the same build makes another). */
export async function latestRelease(buildId: string): Promise<ReleaseRow | null> {
  return db.release.findFirst({
    where: { buildId },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, status: true, failureReason: true },
  });
}
