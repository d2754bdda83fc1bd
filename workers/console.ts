import { config } from '../lib/config';
import { startConsoleServer } from '../lib/console/console-server';
import type { BackgroundTask } from './task';

/**
 * The console endpoint (lib/console/console-server.ts): WebSockets on 127.0.0.1:BERTH_CONSOLE_PORT,
 * reached by browsers through the web server's /console/ws rewrite and by `berth run` on a terminal.
 */
export async function start(): Promise<BackgroundTask> {
  const server = await startConsoleServer({ port: config().BERTH_CONSOLE_PORT, idleSeconds: config().BERTH_CONSOLE_IDLE_SECONDS });
  console.log(`[console] listening on 127.0.0.1:${server.port}`);
  return { name: 'console', close: server.close };
}
