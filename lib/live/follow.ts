import { subscribe, type SubscribeOptions, type Subscription } from './subscribe';

/** A position in a stream: a build log line's seq, a runtime log line's id. */
export type Cursor = number | bigint;

/** Yielded once the backlog and what arrived while reading it are out: from here on it is live. */
export const CAUGHT_UP = Symbol('caught-up');
/** `decode` result for a live message that only says "something changed": poll right away. */
export const RECHECK = Symbol('recheck');

export type FollowOptions<M> = {
  /** Channels to subscribe to (closed at the end)… */
  channels?: string[];
  redis?: SubscribeOptions;
  /** …or a subscription the caller opened (and closes): to keep messages for its next step. */
  subscription?: Subscription;
  /** A live message as a message of the stream; undefined skips it. */
  decode: (raw: string, channel: string) => M | typeof RECHECK | undefined;
  /** Stored messages after the cursor, oldest first (Postgres: the source of truth). */
  backlog: (after: Cursor | undefined) => Promise<M[]>;
  /** Where a message sits in the stream; one not after the cursor was already sent. */
  key: (message: M) => Cursor | undefined;
  /** Resume after this position (Last-Event-ID). */
  after?: Cursor;
  /** Only accepted messages go out (and move the cursor). */
  accept?: (message: M) => boolean;
  /** A terminal message: the backlog is read once more, then it goes out last. */
  isEnd?: (message: M) => boolean;
  /** Asks the source of truth, first right after the backlog, then every pollMs (status changes,
   * the end a lost message never brought); what it returns goes out like live messages. */
  poll?: (after: Cursor | undefined) => Promise<M[]>;
  pollMs?: number;
  /** Give up after this long, ending with `onTimeout()` when given. */
  timeoutMs?: number;
  onTimeout?: () => M;
  signal?: AbortSignal;
};

/**
 * Backlog + live: subscribes first, reads the backlog while live messages queue up, then sends
 * the queued and every later message once, in order (by `key`), until a terminal message, the
 * timeout or the abort signal. Subscribing before reading means nothing falls between the two.
 */
export async function* follow<M>(options: FollowOptions<M>): AsyncGenerator<M | typeof CAUGHT_UP> {
  const subscription = options.subscription ?? (await subscribe(options.channels ?? [], options.redis));
  const stream = new Deduper(options);
  try {
    yield* stream.fresh(await options.backlog(stream.cursor));
    yield* followLive(options, subscription, stream);
  } finally {
    if (!options.subscription) subscription.close();
  }
}

async function* followLive<M>(options: FollowOptions<M>, subscription: Subscription, stream: Deduper<M>) {
  const clock = new FollowClock(options.pollMs, options.timeoutMs, options.poll !== undefined);
  let caughtUp = false;
  while (!options.signal?.aborted) {
    const end = yield* round(options, subscription, stream, clock);
    if (end !== undefined) return yield* finish(options, stream, end);
    if (!caughtUp) {
      caughtUp = true;
      yield CAUGHT_UP;
    }
    if (clock.timedOut()) {
      if (options.onTimeout) yield options.onTimeout();
      return;
    }
    await subscription.wait(clock.untilNext(), options.signal);
  }
}

/** The poll when due, then the queued live messages; returns a terminal message if one came. */
async function* round<M>(options: FollowOptions<M>, subscription: Subscription, stream: Deduper<M>, clock: FollowClock) {
  // Source of truth first: a terminal state it reports leaves unread live messages queued.
  if (options.poll && clock.pollDue()) {
    const end = yield* stream.pass(await options.poll(stream.cursor));
    if (end !== undefined) return end;
  }
  const live = yield* stream.passLive(subscription);
  if (live !== RECHECK) return live;
  clock.pollNow();
  return undefined;
}

/** When to poll next and when to give up. */
class FollowClock {
  private nextPoll = Date.now();
  private readonly deadline: number;
  constructor(
    private readonly pollMs = 3_000,
    timeoutMs = Infinity,
    private readonly polls = false,
  ) {
    this.deadline = Date.now() + timeoutMs;
  }
  pollDue(): boolean {
    if (Date.now() < this.nextPoll) return false;
    this.nextPoll = Date.now() + this.pollMs;
    return true;
  }
  pollNow(): void {
    this.nextPoll = Date.now();
  }
  timedOut(): boolean {
    return Date.now() > this.deadline;
  }
  /** How long to wait for a live message before the next poll or the deadline. */
  untilNext(): number {
    const poll = this.polls ? this.nextPoll - Date.now() : Infinity;
    return Math.min(poll, this.deadline - Date.now() + 1);
  }
}

/** Lines stored before the terminal message go out before it. */
async function* finish<M>(options: FollowOptions<M>, stream: Deduper<M>, end: M) {
  yield* stream.fresh(await options.backlog(stream.cursor));
  yield end;
}

/** The cursor and the "send each message once, in order" rule. */
class Deduper<M> {
  cursor: Cursor | undefined;
  constructor(private readonly options: FollowOptions<M>) {
    this.cursor = options.after;
  }

  /** The messages not sent yet (terminal ones are not handled here). */
  *fresh(messages: M[]): Generator<M> {
    for (const message of messages) if (this.take(message)) yield message;
  }

  /** Sends what is new up to a terminal message, which it returns unsent. */
  *pass(messages: M[]): Generator<M, M | undefined> {
    for (const message of messages) {
      if (this.options.isEnd?.(message)) return message;
      if (this.take(message)) yield message;
    }
    return undefined;
  }

  /** Same for the queued live messages; stops early at a terminal message or a RECHECK. */
  *passLive(subscription: Subscription): Generator<M, M | typeof RECHECK | undefined> {
    for (let next = subscription.next(); next; next = subscription.next()) {
      const message = this.options.decode(next.raw, next.channel);
      if (message === undefined) continue;
      if (message === RECHECK) return RECHECK;
      if (this.options.isEnd?.(message)) return message;
      if (this.take(message)) yield message;
    }
    return undefined;
  }

  private take(message: M): boolean {
    if (this.options.accept && !this.options.accept(message)) return false;
    const key = this.options.key(message);
    if (key === undefined) return true;
    if (this.cursor !== undefined && key <= this.cursor) return false;
    this.cursor = key;
    return true;
  }
}
