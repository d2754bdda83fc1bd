import { db } from '../db';

/**
 * Applies each app's log retention: lines older than App.logRetentionDays go, then the oldest
 * lines beyond App.logRetentionBytes (counting line bytes plus a fixed per-row overhead).
 * Safe to run any time and repeatedly.
 */
const ROW_OVERHEAD = 64;

export async function enforceLogRetention(now = new Date()): Promise<number> {
  const apps = await db.app.findMany({ select: { id: true, logRetentionBytes: true, logRetentionDays: true } });
  let deleted = 0;
  for (const app of apps) {
    const cutoff = new Date(now.getTime() - app.logRetentionDays * 24 * 60 * 60 * 1000);
    deleted += (await db.logLine.deleteMany({ where: { appId: app.id, ts: { lt: cutoff } } })).count;
    // The newest line that no longer fits in the byte budget, counting from the newest down.
    const [edge] = await db.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM (
        SELECT id, sum(octet_length(line) + ${ROW_OVERHEAD}) OVER (ORDER BY id DESC) AS total
        FROM "LogLine" WHERE "appId" = ${app.id}
      ) sized
      WHERE total > ${app.logRetentionBytes}
      ORDER BY id DESC LIMIT 1`;
    if (edge) deleted += await db.$executeRaw`DELETE FROM "LogLine" WHERE "appId" = ${app.id} AND id <= ${edge.id}`;
  }
  return deleted;
}
