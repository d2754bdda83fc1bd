import { systemClock, type Clock } from '../../background/clock';

/**
 * Which containers the shipper is following right now (one follow each), and which stopped ones
 * it has already read to the end: a stopped container is drained once, then again after
 * `drainAgainMs` while it is still listed (it may have been restarted and stopped in between),
 * the wait doubling each time it is still stopped, up to MAX_DRAIN_BACKOFF × — sleeping apps keep
 * their stopped containers (lib/deploys/kept-containers.ts), hundreds of them for hours, and a
 * fixed 30 s re-drain of each would be a steady load for nothing. Seen running resets it.
 */
export const DRAIN_AGAIN_MS = 30_000;
const MAX_DRAIN_BACKOFF = 16;

type Listed = { Id: string; State: string };
type Follow = { hostId: string; stop: AbortController; done: Promise<void> };

export class LogFollows {
  private following = new Map<string, Follow>();
  private drainedAt = new Map<string, { hostId: string; at: number; times: number }>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly drainAgainMs = DRAIN_AGAIN_MS,
  ) {}

  /** Should a follow of this listed container start now? */
  wants(info: Listed): boolean {
    if (this.following.has(info.Id)) return false;
    if (isRunning(info)) {
      this.drainedAt.delete(info.Id);
      return true;
    }
    const drained = this.drainedAt.get(info.Id);
    const wait = drained ? this.drainAgainMs * Math.min(MAX_DRAIN_BACKOFF, 2 ** (drained.times - 1)) : 0;
    return !drained || this.clock.now() - drained.at >= wait;
  }

  /** Runs `follow` for the container until it ends or `signal` (or its host's stop) aborts it. */
  start(hostId: string, info: Listed, signal: AbortSignal, follow: (signal: AbortSignal) => Promise<void>): void {
    const stop = new AbortController();
    const running = isRunning(info);
    const done = follow(AbortSignal.any([signal, stop.signal]))
      .catch(() => undefined) // `follow` reports its own errors
      .finally(() => {
        this.following.delete(info.Id);
        if (!running) this.markDrained(hostId, info.Id);
      });
    this.following.set(info.Id, { hostId, stop, done });
  }

  /**
   * A stopped container that is nobody's (no Instance or Addon row records its id) has nothing
   * to ship: it counts as drained, so it is asked about again on the drain backoff and not on
   * every scan. A running one is not passed over: its row may be written in a moment.
   */
  passOver(hostId: string, info: Listed): void {
    if (isRunning(info) || this.following.has(info.Id)) return;
    this.markDrained(hostId, info.Id);
  }

  /** Read to the end (or nothing to read) now: the next drain waits, longer each time in a row. */
  private markDrained(hostId: string, id: string): void {
    this.drainedAt.set(id, { hostId, at: this.clock.now(), times: (this.drainedAt.get(id)?.times ?? 0) + 1 });
  }

  /**
   * Stops following containers of hosts no longer observed (unreachable: a half-open connection
   * would otherwise block following them again forever).
   */
  stopHostsOtherThan(hostIds: Set<string>): void {
    for (const f of this.following.values()) if (!hostIds.has(f.hostId)) f.stop.abort();
  }

  /** After listing `hostId`: forget drained containers of that host that are gone. */
  forgetGone(hostId: string, listed: Set<string>): void {
    for (const [id, d] of this.drainedAt) if (d.hostId === hostId && !listed.has(id)) this.drainedAt.delete(id);
  }

  /** Waits for every follow to end (abort their signal first). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.following.values()].map((f) => f.done));
  }
}

const isRunning = (info: Listed) => info.State === 'running' || info.State === 'restarting';
