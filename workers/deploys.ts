import { Worker } from 'bullmq';
import { ensureLocalHost } from '../lib/hosts/ensure-local-host';
import { recoverStaleDeployments } from '../lib/deploys/recover-stale';
import { runDeployment, ZDeployJob } from '../lib/deploys/run-deployment';
import { ensureProxy } from '../lib/proxy/sync-proxy';
import { QUEUE, queuePrefix } from '../lib/queue/queues';
import { createRedis } from '../lib/redis';
import { describeError } from '../lib/errors';
import type { BackgroundTask } from './task';

/**
 * Deploy queue consumer. Deploys of different apps run in parallel; one app's deploys are
 * serialised by the app lock inside runDeployment. The proxy config is regenerated from
 * PostgreSQL before the first job (derived state, never trusted from disk).
 */
export async function start(): Promise<BackgroundTask> {
  await ensureLocalHost().catch((e) => console.warn(`[deploys] local host: ${describeError(e)}`));
  await ensureProxy().catch((e) => console.error(`[deploys] proxy: ${describeError(e)}`));
  const controller = new AbortController();
  const worker = new Worker(
    QUEUE.deploys,
    async (job) => {
      const { deploymentId } = ZDeployJob.parse(job.data);
      await runDeployment(deploymentId, controller.signal);
    },
    { connection: createRedis(), prefix: queuePrefix(), concurrency: 4, lockDuration: 60_000 },
  );
  worker.on('error', (e) => console.error(`[deploys] ${describeError(e)}`));
  const recovered = await recoverStaleDeployments().catch((e) => {
    console.error(`[deploys] recovery: ${describeError(e)}`);
    return null;
  });
  if (recovered && (recovered.failed || recovered.requeued))
    console.log(`[deploys] recovered: ${recovered.failed} interrupted, ${recovered.requeued} re-queued`);
  return {
    name: 'deploys',
    close: async () => {
      await worker.close();
    },
  };
}
