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

/** Shared connection for publishing and plain commands (never for SUBSCRIBE). */
export function redis(): Redis {
  globalForRedis.berthRedis ??= createRedis();
  return globalForRedis.berthRedis;
}
