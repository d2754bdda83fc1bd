/**
 * Whether an error means a backing service (PostgreSQL, Redis) is unreachable right now, and
 * which one: such a request answers 503 with that reason (lib/http/respond.ts) instead of a 500,
 * and the client may try again shortly. Recognised, walking `cause` chains:
 *  - Prisma's connection codes P1001 (can't reach), P1002 (timed out), P1017 (server closed the
 *    connection), and the pg driver adapter's connection failures (ECONNREFUSED, ECONNRESET,
 *    "Connection terminated", "the database system is shutting down"/"starting up", 57P01/57P03);
 *  - ioredis: a command timed out (commandTimeout), the connection is closed, the offline queue
 *    is off, or retries ran out while Redis was down.
 */
export type Unavailable = { service: 'database' | 'redis'; message: string };

const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1017']);
const PG_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
const PG_MESSAGE = /connection terminated|connection timeout|timeout exceeded when trying to connect|database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|can't reach database server|server has closed the connection|Client has encountered a connection error/i;
const REDIS_MESSAGE = /command timed out|connection is closed|stream isn't writeable and enableOfflineQueue|reached the max retries per request/i;

export const UNAVAILABLE_MESSAGES = {
  database: 'The database is not reachable right now; try again in a few seconds',
  redis: 'The queue (Redis) is not reachable right now; try again in a few seconds',
} as const;

export function unavailableService(error: unknown): Unavailable | null {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const o = e as { name?: unknown; code?: unknown; errorCode?: unknown; message?: unknown; kind?: unknown; originalCode?: unknown };
    const name = typeof o.name === 'string' ? o.name : '';
    const message = typeof o.message === 'string' ? o.message : '';
    const codes = [o.code, o.errorCode, o.originalCode].filter((c): c is string => typeof c === 'string');
    if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGE.test(message)) return { service: 'redis', message: UNAVAILABLE_MESSAGES.redis };
    if (codes.some((c) => PRISMA_CONNECTION_CODES.has(c) || PG_CONNECTION_CODES.has(c)) || PG_MESSAGE.test(message))
      return { service: 'database', message: UNAVAILABLE_MESSAGES.database };
    if (name === 'PrismaClientInitializationError') return { service: 'database', message: UNAVAILABLE_MESSAGES.database };
  }
  return null;
}
