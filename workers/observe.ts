import { startObserver } from '../lib/observe/start-observer';
import type { BackgroundTask } from './task';

/** Docker events, log shipping, metrics and request stats for every observed host (lib/observe). */
export async function start(): Promise<BackgroundTask> {
  const observer = startObserver();
  return { name: 'observe', close: observer.close };
}
