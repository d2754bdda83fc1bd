import { describeError } from '../lib/errors';
import { ensureLocalHost } from '../lib/hosts/ensure-local-host';
import { heartbeatAll } from '../lib/hosts/heartbeat';
import type { BackgroundTask } from './task';

const INTERVAL_MS = 5_000;

/** Registers the local engine as a host, then heartbeats every host every 5 s. */
export async function start(): Promise<BackgroundTask> {
  try {
    await ensureLocalHost();
  } catch (error) {
    console.error(`[hosts] could not register the local host: ${describeError(error)}`);
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const tick = () => {
    running = heartbeatAll()
      .then((results) => {
        for (const r of results.filter((x) => x.changed)) console.log(`[hosts] ${r.host} is now ${r.status}`);
      })
      .catch((error) => console.error(`[hosts] heartbeat failed: ${describeError(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, INTERVAL_MS);
      });
  };
  timer = setTimeout(tick, INTERVAL_MS);

  return {
    name: 'hosts',
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
