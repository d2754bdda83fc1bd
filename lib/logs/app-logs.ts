import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { followLogs } from './follow-logs';
import { allLogLines, logLinesOf, MAX_LOG_LIMIT, type LogQuery } from './list-log-lines';
import type { LogLineDto } from './log-line-dto';

/** An app's runtime logs, opened for an actor who may read them. */
export type AppLogs = {
  appName: string;
  /** The newest lines (oldest first). */
  recent(query: LogQuery): Promise<LogLineDto[]>;
  /** Every stored line, oldest first, in pages — for the download. */
  all(query: LogQuery): AsyncGenerator<LogLineDto[]>;
  /** A live tail: backlog, then new lines as they are stored, as SSE items (see followLogs). */
  follow(query: LogQuery & { lastEventId?: string }, signal: AbortSignal): ReturnType<typeof followLogs>;
};

/** Query of GET /api/apps/<name>/logs. */
export const ZLogQuery = z.object({
  q: z.string().max(200).optional(),
  instance: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LOG_LIMIT).optional(),
  after: z.string().regex(/^\d+$/).optional(),
  follow: z.enum(['0', '1', 'true', 'false']).optional(),
  download: z.enum(['0', '1', 'true', 'false']).optional(),
});

/**
 * GET /api/apps/<name>/logs: checks access once, before any line is read or a stream starts —
 * another team's app is a 404 — and hands back the readers of that app's logs.
 */
export async function openAppLogs(actor: Actor, appName: string): Promise<AppLogs> {
  const app = await findAppForActor(actor, appName, 'read');
  return {
    appName: app.name,
    recent: (query) => logLinesOf(app.id, query),
    all: (query) => allLogLines(app.id, query),
    follow: (query, signal) => followLogs(app.id, query, signal),
  };
}
