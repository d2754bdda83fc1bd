import { startJobWorker } from '../lib/background/job';
import { deployJob } from '../lib/deploys/deploy-job';
import { recoverStaleDeployments } from '../lib/deploys/recover-stale';
import { describeError } from '../lib/errors';
import { ensureLocalHost } from '../lib/hosts/ensure-local-host';
import { ensureProxy } from '../lib/proxy/sync-proxy';
import type { BackgroundTask } from './task';

/**
 * Deploy queue consumer (job defined in lib/deploys/deploy-job.ts). The proxy config is
 * regenerated from PostgreSQL before the first job (derived state, never trusted from disk).
 * Closing lets running deploys finish.
 */
export async function start(): Promise<BackgroundTask> {
  await ensureLocalHost().catch((e) => console.warn(`[deploys] local host: ${describeError(e)}`));
  await ensureProxy().catch((e) => console.error(`[deploys] proxy: ${describeError(e)}`));
  const worker = await startJobWorker(deployJob, { concurrency: 4, lockDurationMs: 60_000 });
  const recovered = await recoverStaleDeployments().catch((e) => {
    console.error(`[deploys] recovery: ${describeError(e)}`);
    return null;
  });
  if (recovered && (recovered.failed || recovered.requeued))
    console.log(`[deploys] recovered: ${recovered.failed} interrupted, ${recovered.requeued} re-queued`);
  return { name: 'deploys', close: worker.close };
}
