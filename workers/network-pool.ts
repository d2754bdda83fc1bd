import { startLoop } from '../lib/background/loop';
import { fillNetworkPool } from '../lib/deploys/network-pool';
import type { BackgroundTask } from './task';

/**
 * Keeps networks ready for the next new apps (lib/deploys/network-pool.ts): a pass at start and
 * every 5 s after the previous one ends, which makes any that are missing while nothing builds
 * or deploys. Stale entries are the reconciler's.
 */
export const NETWORK_POOL_INTERVAL_MS = 5_000;

export async function start(): Promise<BackgroundTask> {
  const loop = startLoop({
    name: 'network-pool',
    intervalMs: NETWORK_POOL_INTERVAL_MS,
    run: async () => {
      const made = await fillNetworkPool({ whenIdle: true });
      if (made) console.log(`[network-pool] made ${made} network(s) for new apps`);
    },
  });
  return { name: 'network-pool', close: loop.close };
}
