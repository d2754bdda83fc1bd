// The worker process: every queue consumer and background loop, each in its own module that
// only parses its job and calls lib/. Closes them all gracefully on SIGTERM/SIGINT.
import { loadConfigOrExit } from '../lib/config';
import type { BackgroundTask } from './task';

loadConfigOrExit();

const modules = [
  () => import('./builds'),
  () => import('./build-outbox'),
  () => import('./hosts'),
  () => import('./deploys'),
  () => import('./reconcile'),
  () => import('./observe'),
  () => import('./certificates'),
  () => import('./sleeper'),
  () => import('./waker'),
  () => import('./console'),
];

const tasks: BackgroundTask[] = [];
for (const load of modules) {
  const mod = await load();
  tasks.push(await mod.start());
}
console.log(`[worker] started: ${tasks.map((t) => t.name).join(', ')}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: closing`);
  await Promise.allSettled(tasks.map((t) => t.close()));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
