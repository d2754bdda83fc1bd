import { Queue, type JobsOptions } from 'bullmq';
import { config } from '../config';
import { createRedis } from '../redis';

/**
 * BullMQ queues. A job's payload is only an id; the Postgres row holds status and logs, and the
 * worker re-reads and re-validates it. Job ids are the row ids, so enqueueing twice is a no-op.
 */
export const QUEUE = {
  builds: 'builds',
  deploys: 'deploys',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export type BuildJob = { buildId: string };
export type DeployJob = { deploymentId: string };

const globalForQueues = globalThis as unknown as { berthQueues?: Map<QueueName, Queue> };

export function queue(name: QueueName): Queue {
  globalForQueues.berthQueues ??= new Map();
  let q = globalForQueues.berthQueues.get(name);
  if (!q) {
    q = new Queue(name, { connection: createRedis(), prefix: queuePrefix() });
    globalForQueues.berthQueues.set(name, q);
  }
  return q;
}

/** Redis key prefix of every queue of this installation (workers must use the same). */
export const queuePrefix = () => `bull:${config().BERTH_INSTALLATION}`;

const defaults: JobsOptions = { removeOnComplete: 1000, removeOnFail: 1000, attempts: 1 };

export async function enqueueBuild(buildId: string): Promise<void> {
  await queue(QUEUE.builds).add('build', { buildId } satisfies BuildJob, { ...defaults, jobId: buildId });
}

export async function enqueueDeploy(deploymentId: string): Promise<void> {
  await queue(QUEUE.deploys).add('deploy', { deploymentId } satisfies DeployJob, {
    ...defaults,
    jobId: deploymentId,
  });
}
