import { createRedis } from '../redis';
import { MessageQueue, type LiveMessage } from './message-queue';

/** Live messages of some Redis channels, queued until read (see MessageQueue). */
export type Subscription = {
  next(): LiveMessage | undefined;
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  close(): void;
};

export type SubscribeOptions = {
  /**
   * Carry on without Redis (no live messages) instead of failing: for followers that poll
   * Postgres anyway, where Redis only makes them faster.
   */
  tolerateFailure?: boolean;
  /** ioredis' per-command retries while reconnecting (default: unlimited). */
  maxRetriesPerRequest?: number;
};

/**
 * Subscribes to `channels` on a connection of its own (a subscribed connection can do nothing
 * else) and resolves once Redis confirmed it: from then on no message is lost, so a caller can
 * read its backlog next and take what arrived meanwhile from the queue.
 */
export async function subscribe(channels: string[], options: SubscribeOptions = {}): Promise<Subscription> {
  const queue = new MessageQueue();
  const redis = createRedis({
    lazyConnect: true,
    ...(options.maxRetriesPerRequest === undefined ? {} : { maxRetriesPerRequest: options.maxRetriesPerRequest }),
  });
  // Failures surface through connect/subscribe below; later ones are reconnects ioredis handles.
  redis.on('error', () => undefined);
  redis.on('message', (channel: string, raw: string) => queue.push({ channel, raw }));
  const attempt = (step: Promise<unknown>) => (options.tolerateFailure ? step.catch(() => undefined) : step);
  try {
    await attempt(redis.connect());
    await attempt(redis.subscribe(...channels));
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return {
    next: () => queue.next(),
    wait: (ms, signal) => queue.wait(ms, signal),
    close: () => {
      queue.close();
      redis.disconnect();
    },
  };
}
