import { z } from 'zod';
import { defineJob } from '../background/job';
import { runDeployment } from './run-deployment';

/**
 * Queue `deploys`: one job per Deployment row and run of it. The first run's job id is the
 * deployment id; a run after the worker died during the previous one (lib/deploys/recover-stale.ts)
 * gets `<id>.r<n>`, so it is a new job even while the dead worker's job still sits in BullMQ.
 * Deploys of different apps run in parallel; one app's deploys are serialised by the app lock
 * inside runDeployment, and a finished row is a no-op, so two runs of one row converge.
 */
export const deployJob = defineJob({
  queue: 'deploys',
  name: 'deploy',
  schema: z.object({ deploymentId: z.string().min(1).max(64), attempt: z.number().int().min(0).max(100).optional() }),
  jobId: (data) => deployJobId(data.deploymentId, data.attempt ?? 0),
  handle: ({ deploymentId }, ctx) => runDeployment(deploymentId, ctx.signal),
});

export const deployJobId = (deploymentId: string, attempt: number): string =>
  attempt > 0 ? `${deploymentId}.r${attempt}` : deploymentId;

/** Queues a deployment; call after the transaction that created the QUEUED row committed. */
export const enqueueDeploy = (deploymentId: string, attempt = 0): Promise<void> =>
  deployJob.enqueue({ deploymentId, ...(attempt > 0 ? { attempt } : {}) });
