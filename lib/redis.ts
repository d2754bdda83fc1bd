import { Redis, type RedisOptions } from 'ioredis';
import { config } from './config';

/**
 * Redis carries queues and live streams only; nothing here is the source of truth.
 * BullMQ needs `maxRetriesPerRequest: null` on its connections.
 */
export function createRedis(options: RedisOptions = {}): Redis {
  return new Redis(config().REDIS_URL, {
    maxRetriesPerRequest: null,
    connectTimeout: 5_000,
    lazyConnect: false,
    ...options,
  });
}

const globalForRedis = globalThis as unknown as { berthRedis?: Redis };

/**
 * Commands on the shared connection give up after this long while Redis is unreachable (they wait
 * in ioredis' offline queue meanwhile, so a quick reconnect loses nothing): an API call then
 * answers 503 (lib/http/unavailable.ts) instead of hanging. Never for blocking commands.
 */
export const COMMAND_TIMEOUT_MS = 5_000;

/** Shared connection for publishing and plain commands (never for SUBSCRIBE or blocking reads). */
export function redis(): Redis {
  globalForRedis.berthRedis ??= createRedis({ commandTimeout: COMMAND_TIMEOUT_MS });
  return globalForRedis.berthRedis;
}
