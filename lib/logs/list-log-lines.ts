import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, type Prisma } from '../db';
import { toLogLineDto, type LogLineDto } from './log-line-dto';

/**
 * Stored runtime log lines of an app, oldest first: the newest `limit` lines (optionally only
 * those after `afterId`, containing `q` case-insensitively, or of one instance).
 */
export type LogQuery = { q?: string; limit?: number; afterId?: string; instance?: string };

export const MAX_LOG_LIMIT = 5000;

export async function listLogLines(actor: Actor, appName: string, query: LogQuery = {}): Promise<LogLineDto[]> {
  const app = await findAppForActor(actor, appName, 'read');
  return logLinesOf(app.id, query);
}

export function logWhere(appId: string, query: LogQuery): Prisma.LogLineWhereInput {
  const after = query.afterId && /^\d+$/.test(query.afterId) ? BigInt(query.afterId) : undefined;
  return {
    appId,
    ...(after !== undefined ? { id: { gt: after } } : {}),
    ...(query.q ? { line: { contains: query.q, mode: 'insensitive' } } : {}),
    ...(query.instance ? { instanceName: query.instance } : {}),
  };
}

export async function logLinesOf(appId: string, query: LogQuery = {}): Promise<LogLineDto[]> {
  const limit = Math.min(Math.max(query.limit ?? 500, 1), MAX_LOG_LIMIT);
  const rows = await db.logLine.findMany({ where: logWhere(appId, query), orderBy: { id: 'desc' }, take: limit });
  return rows.reverse().map(toLogLineDto);
}

/** Every stored line, oldest first, in pages — for the download. */
export async function* allLogLines(appId: string, query: LogQuery = {}): AsyncGenerator<LogLineDto[]> {
  let after: bigint | undefined;
  for (;;) {
    const rows = await db.logLine.findMany({
      where: { ...logWhere(appId, { ...query, afterId: undefined }), ...(after !== undefined ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: 2000,
    });
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    yield rows.map(toLogLineDto);
  }
}
