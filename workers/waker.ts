import { startWaker, type WakerOptions } from '../lib/sleep/waker';
import type { BackgroundTask } from './task';

/**
 * The waker (lib/sleep/waker.ts): nginx hands requests for sleeping apps to it on
 * 127.0.0.1:BERTH_WAKER_PORT; it starts the app, holds the request and proxies it.
 */
export async function start(opts: WakerOptions = {}): Promise<BackgroundTask> {
  const waker = await startWaker(opts);
  console.log(`[waker] listening on 127.0.0.1:${waker.port}`);
  return { name: 'waker', close: waker.close };
}
