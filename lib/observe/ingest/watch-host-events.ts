import { systemClock, type Clock } from '../../background/clock';
import { db, type Host } from '../../db';
import { containerEvents } from '../../docker/containers';
import { dockerForHost, streamDocker } from '../../docker/host-client';
import { EventLineParser, type DockerEvent } from './docker-event';
import { eventKind, recordContainerEvent } from './record-container-event';

/**
 * Follows one host's Docker event stream (this installation's containers only) until `signal`
 * aborts. After a drop it reconnects with backoff (1 s doubling to 30 s) and asks for events
 * `since` the last one seen, so nothing in between is lost; replays are deduplicated.
 */
export type WatchOptions = {
  signal: AbortSignal;
  /** Called for every container event of interest (after it is recorded), e.g. to rescan logs. */
  onEvent?: (event: DockerEvent) => void;
  /** Seconds since the epoch to start from; defaults to the newest recorded container event. */
  since?: number;
  /** For "was this container killed just before it died" (KILL_MEMORY_MS). */
  clock?: Clock;
};

const KILL_MEMORY_MS = 60_000;

export async function watchHostEvents(host: Host, opts: WatchOptions): Promise<void> {
  const clock = opts.clock ?? systemClock;
  let since = opts.since ?? (await defaultSince(host));
  let lastNano = 0;
  let backoff = 1_000;
  const kills = new Map<string, number>();

  while (!opts.signal.aborted) {
    try {
      const stream = await containerEvents(streamDocker(host), { since, signal: opts.signal });
      const parser = new EventLineParser();
      let chain = Promise.resolve();
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => {
          backoff = 1_000;
          for (const event of parser.push(chunk)) {
            if (event.timeNano < lastNano) continue;
            lastNano = event.timeNano;
            since = event.time;
            if (event.Action === 'kill') kills.set(event.Actor.ID, clock.now());
            if (!eventKind(event.Action)) continue;
            chain = chain.then(() => handle(host, event, kills, opts));
          }
        });
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      });
      await chain;
    } catch (error) {
      if (opts.signal.aborted) break;
      console.error(`[events] ${host.name}: ${(error as Error).message}; reconnecting in ${backoff / 1000} s`);
    }
    if (opts.signal.aborted) break;
    await sleep(backoff, opts.signal);
    backoff = Math.min(backoff * 2, 30_000);
  }
}

async function handle(host: Host, event: DockerEvent, kills: Map<string, number>, opts: WatchOptions) {
  const killedAt = kills.get(event.Actor.ID);
  const killedRecently = killedAt !== undefined && (opts.clock ?? systemClock).now() - killedAt < KILL_MEMORY_MS;
  if (event.Action === 'die') kills.delete(event.Actor.ID);
  try {
    await recordContainerEvent(event, { host, docker: dockerForHost(host), killedRecently });
  } catch (error) {
    console.error(`[events] ${host.name} ${event.Action}: ${(error as Error).message}`);
  }
  opts.onEvent?.(event);
}

async function defaultSince(host: Host): Promise<number> {
  const newest = await db.event.findFirst({
    where: { hostId: host.id, kind: { startsWith: 'container.' } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const now = Math.floor(Date.now() / 1000);
  // Never replay more than an hour: older gaps are the reconciler's (level-based) business.
  return newest ? Math.max(Math.floor(newest.createdAt.getTime() / 1000) - 5, now - 3600) : now;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
