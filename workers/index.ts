// The worker process: every queue consumer and background loop, each in its own module that
// only parses its job and calls lib/. Closes them all gracefully on SIGTERM/SIGINT.
//
// Several worker processes may run at once (HA): each consumes the build and deploy queues
// (BullMQ hands each job to one of them), while the periodic loops and the waker run in exactly
// one of them, the leader (lib/background/run-as-leader.ts: a PostgreSQL advisory lock). When the
// leader dies another worker takes the lead within a few seconds.
import { config, loadConfigOrExit } from '../lib/config';
import { runAsLeader } from '../lib/background/run-as-leader';
import type { BackgroundTask } from './task';

loadConfigOrExit();

type Module = () => Promise<{ start: () => Promise<BackgroundTask> }>;

/** Queue consumers: in every worker process. */
const consumers: Module[] = [() => import('./builds'), () => import('./deploys')];

/**
 * Only in the leader: the periodic loops (one pass at a time per installation), the waker and the console
 * endpoint (nginx and the web server send to one loopback port each).
 */
const leaderOnly: Module[] = [
  () => import('./build-outbox'),
  () => import('./hosts'),
  () => import('./reconcile'),
  () => import('./network-pool'),
  () => import('./observe'),
  () => import('./certificates'),
  () => import('./sleeper'),
  () => import('./waker'),
  () => import('./addons'),
  () => import('./console'),
];

/** Starts the modules in order; if one fails, closes those already started and rethrows. */
async function startAll(modules: Module[]): Promise<BackgroundTask[]> {
  const tasks: BackgroundTask[] = [];
  try {
    for (const load of modules) tasks.push(await (await load()).start());
  } catch (error) {
    await closeAll(tasks);
    throw error;
  }
  return tasks;
}

const closeAll = (tasks: BackgroundTask[]) => Promise.allSettled([...tasks].reverse().map((t) => t.close())).then(() => undefined);

const tasks = await startAll(consumers);
console.log(`[worker] started: ${tasks.map((t) => t.name).join(', ')}`);
const leadership = runAsLeader({
  name: `berth.leader.${config().BERTH_INSTALLATION}`,
  describe: 'build-outbox, hosts, reconcile, network-pool, observe, certificates, sleeper, waker, addons, console',
  start: async () => {
    const led = await startAll(leaderOnly);
    return { close: () => closeAll(led) };
  },
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: closing`);
  await Promise.allSettled([leadership.close(), closeAll(tasks)]);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
