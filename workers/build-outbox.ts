import { startLoop } from '../lib/background/loop';
import { requeueQueuedBuilds } from '../lib/builds/requeue-queued-builds';
import type { BackgroundTask } from './task';

/** Every 5 s: QUEUED builds get their queue job back (lib/builds/requeue-queued-builds). */
export const BUILD_OUTBOX_INTERVAL_MS = 5_000;

export async function start(): Promise<BackgroundTask> {
  const loop = startLoop({
    name: 'builds outbox',
    intervalMs: BUILD_OUTBOX_INTERVAL_MS,
    run: async () => {
      for (const e of (await requeueQueuedBuilds()).errors) console.warn(`[builds outbox] ${e}`);
    },
  });
  return { name: 'build-outbox', close: loop.close };
}
