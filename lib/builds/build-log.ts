import { db } from '../db';

export type BuildLogLineDto = { seq: number; line: string };

/** Stored log lines after `afterSeq` (history; callers check access to the build first). */
export async function getBuildLog(buildId: string, afterSeq = 0, limit = 5_000): Promise<BuildLogLineDto[]> {
  const rows = await db.buildLogLine.findMany({
    where: { buildId, seq: { gt: afterSeq } },
    orderBy: { seq: 'asc' },
    take: limit,
    select: { seq: true, line: true },
  });
  return rows;
}
