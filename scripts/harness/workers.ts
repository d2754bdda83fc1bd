import type { BackgroundTask } from '../../workers/task';

export type WorkerName = 'builds' | 'deploys' | 'hosts' | 'reconcile' | 'observe' | 'certificates';

/**
 * Starts Berth's workers in this process (they read the per-run environment that setup-env.ts
 * set), returning one function that closes them all. Deploys need 'hosts' too: without its
 * heartbeat the local host counts as unreachable after BERTH_HOST_GRACE_SECONDS.
 */
export async function startWorkers(names: WorkerName[]): Promise<() => Promise<void>> {
  const tasks: BackgroundTask[] = [];
  for (const name of names) {
    const mod = (await import(`../../workers/${name}.ts`)) as { start: () => Promise<BackgroundTask> };
    tasks.push(await mod.start());
  }
  return async () => {
    for (const task of tasks.reverse()) await task.close().catch(() => {});
  };
}
