import { startJobWorker } from '../lib/background/job';
import { startLoop } from '../lib/background/loop';
import { deployJob, deployJobId } from '../lib/deploys/deploy-job';
import { resumeInterruptedDeployments } from '../lib/deploys/recover-stale';
import { describeError } from '../lib/errors';
import { ensureLocalHost } from '../lib/hosts/ensure-local-host';
import { ensureProxy } from '../lib/proxy/sync-proxy';
import type { BackgroundTask } from './task';

/**
 * Deploy queue consumer (job defined in lib/deploys/deploy-job.ts). The proxy config is
 * regenerated from PostgreSQL before the first job (derived state, never trusted from disk).
 * At start and every DEPLOY_OUTBOX_INTERVAL_MS: deployments whose worker died are run again and
 * QUEUED ones get their job back (lib/deploys/recover-stale.ts). Closing lets running deploys finish.
 */
export const DEPLOY_OUTBOX_INTERVAL_MS = 5_000;

export async function start(): Promise<BackgroundTask> {
  await ensureLocalHost().catch((e) => console.warn(`[deploys] local host: ${describeError(e)}`));
  await ensureProxy().catch((e) => console.error(`[deploys] proxy: ${describeError(e)}`));
  const worker = await startJobWorker(deployJob, { concurrency: 4, lockDurationMs: 60_000 });
  const outbox = startLoop({
    name: 'deploys outbox',
    intervalMs: DEPLOY_OUTBOX_INTERVAL_MS,
    run: async () => {
      const r = await resumeInterruptedDeployments((id, attempt) => deployJob.isHeld(deployJobId(id, attempt)));
      if (r.resumed.length) console.log(`[deploys] running ${r.resumed.length} interrupted deployment(s) again`);
      if (r.failed.length) console.log(`[deploys] ${r.failed.length} deployment(s) interrupted too often: failed`);
    },
  });
  return {
    name: 'deploys',
    close: async () => {
      await outbox.close();
      await worker.close();
    },
  };
}
