import { startLoop } from '../lib/background/loop';
import { systemClock, type Clock } from '../lib/background/clock';
import { describeError } from '../lib/errors';
import { ensureLocalHost } from '../lib/hosts/ensure-local-host';
import { heartbeatAll } from '../lib/hosts/heartbeat';
import { requestReconcile } from '../lib/deploys/request-reconcile';
import { routeAroundSuspectHosts } from '../lib/hosts/route-around-suspect-hosts';
import type { BackgroundTask } from './task';

export const HEARTBEAT_INTERVAL_MS = 3_000;

/**
 * Registers the local engine as a host, then heartbeats every host every 3 s (lib/hosts/heartbeat):
 * a host silent for the grace period (BERTH_HOST_GRACE_SECONDS) becomes UNREACHABLE. A status
 * change wakes the reconciler (host loss: lib/deploys/lost-instances.ts). Before that, from its
 * first failed heartbeat, the proxy routes around the host (lib/hosts/route-around-suspect-hosts).
 */
export type HostsLoopOptions = { intervalMs?: number; clock?: Clock; graceSeconds?: number };

export async function start(opts: HostsLoopOptions = {}): Promise<BackgroundTask> {
  try {
    await ensureLocalHost();
  } catch (error) {
    console.error(`[hosts] could not register the local host: ${describeError(error)}`);
  }
  const clock = opts.clock ?? systemClock;
  const loop = startLoop({
    name: 'hosts',
    intervalMs: opts.intervalMs ?? HEARTBEAT_INTERVAL_MS,
    runAtStart: false, // ensureLocalHost just probed the local engine
    clock,
    onError: (error) => console.error(`[hosts] heartbeat failed: ${describeError(error)}`),
    run: async () => {
      const results = await heartbeatAll({ now: new Date(clock.now()), graceSeconds: opts.graceSeconds });
      const changed = results.filter((x) => x.changed);
      for (const r of changed) console.log(`[hosts] ${r.host} is now ${r.status}`);
      for (const r of results.filter((x) => x.suspectChanged))
        console.log(`[hosts] ${r.host} ${r.ok ? 'answers again: routed again' : 'missed a heartbeat: routed around'}`);
      const edge = await routeAroundSuspectHosts(results).catch((error: unknown) => {
        console.error(`[hosts] routing around suspect hosts failed: ${describeError(error)}`);
        return { aborted: [] as string[] };
      });
      if (edge.aborted.length > 0) console.log(`[hosts] aborted ${edge.aborted.length} stalled upstream connection(s): ${edge.aborted.join(', ')}`);
      // A host lost (its instances are placed elsewhere) or back (its stale containers removed):
      // the reconciler acts now rather than on its next tick.
      if (changed.length > 0) await requestReconcile(`hosts: ${changed.map((r) => `${r.host} ${r.status}`).join(', ')}`);
    },
  });
  return { name: 'hosts', close: loop.close };
}
