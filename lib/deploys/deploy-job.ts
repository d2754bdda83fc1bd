import { z } from 'zod';
import { defineJob } from '../background/job';
import { runDeployment } from './run-deployment';

/**
 * Queue `deploys`: one job per Deployment row (job id = deployment id). Deploys of different
 * apps run in parallel; one app's deploys are serialised by the app lock inside runDeployment.
 */
export const deployJob = defineJob({
  queue: 'deploys',
  name: 'deploy',
  schema: z.object({ deploymentId: z.string().min(1).max(64) }),
  jobId: (data) => data.deploymentId,
  handle: ({ deploymentId }, ctx) => runDeployment(deploymentId, ctx.signal),
});

/** Queues a deployment; call after the transaction that created the QUEUED row committed. */
export const enqueueDeploy = (deploymentId: string): Promise<void> => deployJob.enqueue({ deploymentId });
