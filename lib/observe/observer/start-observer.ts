import type { Clock } from '../../background/clock';
import { startLoop, type Loop } from '../../background/loop';
import { db, type Host } from '../../db';
import { requestReconcile } from '../../deploys/request-reconcile';
import { describeError } from '../../errors';
import { observedHosts } from '../../hosts/observed-hosts';
import { enforceLogRetention } from '../../logs/enforce-log-retention';
import { startLogShipper, type LogShipper } from '../../logs/ingest/ship-logs';
import { downsampleMetrics } from '../../metrics/downsample-metrics';
import { ingestAccessLog } from '../../metrics/ingest/ingest-access-log';
import { sampleMetrics } from '../../metrics/ingest/sample-metrics';
import { isInstanceDeath, isInstanceStart, reconcileAfter, type DockerEvent } from '../ingest/docker-event';
import { watchHostEvents } from '../ingest/watch-host-events';

/**
 * Orchestration of everything the worker observes, per observed host (READY or DRAINING): the
 * Docker event stream (lib/observe/ingest → Event rows, Instance exit/OOM), container logs of
 * instances and add-ons (lib/logs/ingest → LogLine), their CPU/memory (lib/metrics/ingest →
 * MetricSample every 10 s), the
 * proxy's access log (→ RequestStat), and periodic retention and downsampling. Hosts are re-read
 * every 15 s, so added/removed/recovered hosts are picked up. Each periodic part is a loop
 * (lib/background/loop). Only one worker process per installation observes at a time: the worker
 * starts the observer only while it holds the leader lock (lib/background/run-as-leader.ts).
 *
 * Container events drive two things at once: a log scan (a container started or died) and,
 * when an instance's container dies or is OOM-killed, a reconcile pass (requestReconcile: the
 * reconcile loop of this process in-process, others over Redis).
 */
export type ObserverOptions = {
  metricsIntervalMs?: number;
  hostsIntervalMs?: number;
  maintenanceIntervalMs?: number;
  clock?: Clock;
};

export function startObserver(opts: ObserverOptions = {}): { close: () => Promise<void> } {
  return startParts(opts);
}

/**
 * What a container event sets off once recorded. The reconcile wake-up waits for the recording on
 * purpose: recording inspects the container, which returns only after Docker has finished
 * handling the exit; a pass started on the bare event can still list the dead container as
 * running and do nothing.
 */
function onContainerEvent(event: DockerEvent, shipper: LogShipper) {
  if (event.Action === 'start' || event.Action === 'die') shipper.poke();
  // A crash is repaired at once; a start may be Docker's policy bringing back a CRASHED instance,
  // whose status the pass turns RUNNING again without waiting for the next period. Berth's own
  // starts and stops (deploys, wakes, sleeps) wait for the period (reconcileAfter).
  if (!isInstanceDeath(event) && !isInstanceStart(event)) return;
  void db.instance
    .findFirst({ where: { containerId: event.Actor.ID }, select: { status: true } })
    .then((row) => {
      if (reconcileAfter(event, row?.status ?? null))
        return requestReconcile(`${event.Action} ${event.Actor.Attributes?.name ?? event.Actor.ID.slice(0, 12)}`);
    })
    .catch((error: unknown) => console.error(`[observe] reconcile request: ${describeError(error)}`));
}

function startParts(opts: ObserverOptions): { close: () => Promise<void> } {
  const shipper = startLogShipper({ clock: opts.clock });
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
        clock: opts.clock,
        onEvent: (event) => onContainerEvent(event, shipper),
      }).catch((error) => console.error(`[events] ${host.name} watcher stopped: ${(error as Error).message}`));
      watchers.set(host.id, { key: watchKey(host), abort, done });
    }
  };

  const loop = (name: string, intervalMs: number, run: () => Promise<unknown>): Loop =>
    startLoop({
      name,
      intervalMs,
      clock: opts.clock,
      run,
      onError: (error) => console.error(`[observe] ${name} failed: ${describeError(error)}`),
    });
  const loops = [
    loop('host watchers', opts.hostsIntervalMs ?? 15_000, syncWatchers),
    loop('metrics sampling', opts.metricsIntervalMs ?? 10_000, () => sampleMetrics()),
    loop('access log', opts.metricsIntervalMs ?? 10_000, () => ingestAccessLog()),
    loop('retention', opts.maintenanceIntervalMs ?? 5 * 60_000, async () => {
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
