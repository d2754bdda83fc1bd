import { startObserver, type ObserverOptions } from '../lib/observe/observer/start-observer';
import type { BackgroundTask } from './task';

/** Docker events, log shipping, metrics and request stats for every observed host (lib/observe). */
export async function start(opts: ObserverOptions = {}): Promise<BackgroundTask> {
  const observer = startObserver(opts);
  return { name: 'observe', close: observer.close };
}
