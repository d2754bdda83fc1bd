import type { BackgroundTask } from '../../workers/task';

type Modules = {
  builds: typeof import('../../workers/builds');
  'build-outbox': typeof import('../../workers/build-outbox');
  deploys: typeof import('../../workers/deploys');
  hosts: typeof import('../../workers/hosts');
  reconcile: typeof import('../../workers/reconcile');
  'network-pool': typeof import('../../workers/network-pool');
  observe: typeof import('../../workers/observe');
  certificates: typeof import('../../workers/certificates');
  sleeper: typeof import('../../workers/sleeper');
  waker: typeof import('../../workers/waker');
  addons: typeof import('../../workers/addons');
};
export type WorkerName = keyof Modules;
/** What each worker's start() takes, e.g. `{ reconcile: { intervalMs: 60_000 } }`, a clock, a grace. */
export type WorkerOptions = { [N in WorkerName]?: Parameters<Modules[N]['start']>[0] };

/**
 * Starts Berth's workers in this process (they read the per-run environment that setup-env.ts
 * set), returning one function that closes them all. Deploys need 'hosts' too: without its
 * heartbeat the local host counts as unreachable after BERTH_HOST_GRACE_SECONDS.
 */
export async function startWorkers(names: WorkerName[], options: WorkerOptions = {}): Promise<() => Promise<void>> {
  const tasks: BackgroundTask[] = [];
  for (const name of names) {
    const mod = (await import(`../../workers/${name}.ts`)) as { start: (opts?: unknown) => Promise<BackgroundTask> };
    tasks.push(await mod.start(options[name]));
  }
  return async () => {
    for (const task of tasks.reverse()) await task.close().catch(() => {});
  };
}
