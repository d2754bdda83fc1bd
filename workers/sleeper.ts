import { startLoop } from '../lib/background/loop';
import { systemClock, type Clock } from '../lib/background/clock';
import { sleepIdleApps } from '../lib/sleep/sleep-idle-apps';
import type { BackgroundTask } from './task';

/** Puts idle apps to sleep (lib/sleep/sleep-idle-apps.ts) once a minute. */
export const SLEEPER_INTERVAL_MS = 60_000;

export type SleeperLoopOptions = { intervalMs?: number; clock?: Clock };

export async function start(opts: SleeperLoopOptions = {}): Promise<BackgroundTask> {
  const clock = opts.clock ?? systemClock;
  const loop = startLoop({
    name: 'sleeper',
    intervalMs: opts.intervalMs ?? SLEEPER_INTERVAL_MS,
    runAtStart: false,
    clock,
    run: async () => {
      const slept = await sleepIdleApps(new Date(clock.now()));
      if (slept.length) console.log(`[sleeper] put to sleep: ${slept.join(', ')}`);
    },
  });
  return { name: 'sleeper', close: loop.close };
}
