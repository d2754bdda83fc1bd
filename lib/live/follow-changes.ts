import { CAUGHT_UP, follow, RECHECK } from './follow';
import type { SubscribeOptions, Subscription } from './subscribe';

export type FollowChangesOptions<S> = {
  /** Channels whose messages only say "something changed" (their content is not used). */
  channels: string[];
  /** Reads the current state from the source of truth (Postgres). */
  read: () => Promise<S>;
  /** At most one read per this many ms on wake-ups; a burst of messages becomes one read. */
  minGapMs?: number;
  /** Reads anyway this often, for changes nobody announced (the level-based backstop). */
  idleReadMs?: number;
  signal?: AbortSignal;
  redis?: SubscribeOptions;
  /** A subscription the caller opened and closes (tests); else `channels` are subscribed here. */
  subscription?: Subscription;
};

/**
 * A state that is re-read whenever a wake-up arrives on `channels`, sent only when it differs
 * from the last one sent (compared as JSON): first the current state, then each change. Built on
 * `follow`: a message is a RECHECK that polls at once, unless a read ran less than `minGapMs`
 * ago — then the change is remembered and the next regular poll (every `minGapMs`) reads it, so
 * a build that publishes a line every few ms costs a few reads, not one per line. Without any
 * message the state is read every `idleReadMs` (crashes, sleeps: changes nobody announced).
 */
export async function* followChanges<S>(options: FollowChangesOptions<S>): AsyncGenerator<S> {
  const minGapMs = options.minGapMs ?? 250;
  const idleReadMs = options.idleReadMs ?? 5_000;
  let lastRead = 0;
  let dirty = false;
  let lastSent: string | undefined;

  const readIfDue = async (): Promise<S[]> => {
    if (!dirty && Date.now() - lastRead < idleReadMs) return [];
    dirty = false;
    lastRead = Date.now();
    return [await options.read()];
  };

  const stream = follow<S>({
    channels: options.channels,
    redis: options.redis,
    subscription: options.subscription,
    signal: options.signal,
    backlog: async () => {
      lastRead = Date.now();
      return [await options.read()];
    },
    poll: readIfDue,
    pollMs: minGapMs,
    decode: () => {
      dirty = true;
      return Date.now() - lastRead >= minGapMs ? RECHECK : undefined;
    },
    key: () => undefined,
    accept: (state) => {
      const json = JSON.stringify(state);
      if (json === lastSent) return false;
      lastSent = json;
      return true;
    },
  });
  for await (const item of stream) if (item !== CAUGHT_UP) yield item;
}
