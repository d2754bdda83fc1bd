import { config } from '../config';
import type { Host } from '../db';
import { enforceLogRetention } from '../logs/enforce-log-retention';
import { startLogShipper } from '../logs/ship-logs';
import { downsampleMetrics } from '../metrics/downsample-metrics';
import { ingestAccessLog } from '../metrics/ingest-access-log';
import { sampleMetrics } from '../metrics/sample-metrics';
import { every } from './every';
import { acquireLeaderLock } from './leader-lock';
import { observedHosts } from '../hosts/observed-hosts';
import { watchHostEvents } from './watch-host-events';

/**
 * Everything the worker observes, per observed host (READY or DRAINING): the Docker event
 * stream (→ Event rows, Instance exit/OOM), container logs (→ LogLine), CPU/memory (→
 * MetricSample every 10 s), the proxy's access log (→ RequestStat), and periodic retention and
 * downsampling. Hosts are re-read every 15 s, so added/removed/recovered hosts are picked up.
 * Only one worker process per installation observes at a time (leader-lock.ts).
 */
export type ObserverOptions = {
  metricsIntervalMs?: number;
  hostsIntervalMs?: number;
  maintenanceIntervalMs?: number;
};

export function startObserver(opts: ObserverOptions = {}): { close: () => Promise<void> } {
  const stop = new AbortController();
  const running = (async () => {
    while (!stop.signal.aborted) {
      const lock = await acquireLeaderLock(`berth.observe.${config().BERTH_INSTALLATION}`, stop.signal);
      if (!lock) return;
      console.log('[observe] observing (holds the observer lock)');
      const parts = startParts(opts);
      await Promise.race([lock.lost, new Promise((r) => stop.signal.addEventListener('abort', r, { once: true }))]);
      await parts.close();
      await lock.release();
      if (!stop.signal.aborted) console.error('[observe] lost the observer lock; waiting to take it again');
    }
  })();
  return {
    close: async () => {
      stop.abort();
      await running;
    },
  };
}

function startParts(opts: ObserverOptions): { close: () => Promise<void> } {
  const shipper = startLogShipper();
  const watchers = new Map<string, { key: string; abort: AbortController; done: Promise<void> }>();

  const syncWatchers = async () => {
    const hosts = await observedHosts();
    const wanted = new Map(hosts.map((h) => [h.id, h]));
    for (const [id, w] of watchers) {
      const host = wanted.get(id);
      if (!host || watchKey(host) !== w.key) {
        w.abort.abort();
        watchers.delete(id);
      }
    }
    for (const host of hosts) {
      if (watchers.has(host.id)) continue;
      const abort = new AbortController();
      const done = watchHostEvents(host, {
        signal: abort.signal,
        onEvent: (event) => {
          if (event.Action === 'start' || event.Action === 'die') shipper.poke();
        },
      }).catch((error) => console.error(`[events] ${host.name} watcher stopped: ${(error as Error).message}`));
      watchers.set(host.id, { key: watchKey(host), abort, done });
    }
  };

  const loops = [
    every(opts.hostsIntervalMs ?? 15_000, 'host watchers', syncWatchers),
    every(opts.metricsIntervalMs ?? 10_000, 'metrics sampling', () => sampleMetrics()),
    every(opts.metricsIntervalMs ?? 10_000, 'access log', () => ingestAccessLog()),
    every(opts.maintenanceIntervalMs ?? 5 * 60_000, 'retention', async () => {
      await enforceLogRetention();
      await downsampleMetrics();
    }),
  ];

  return {
    close: async () => {
      await Promise.allSettled(loops.map((l) => l.close()));
      for (const w of watchers.values()) w.abort.abort();
      await Promise.allSettled([...watchers.values()].map((w) => w.done));
      await shipper.close();
    },
  };
}

const watchKey = (host: Host) => `${host.dockerUrl}|${host.tls ?? ''}`;
