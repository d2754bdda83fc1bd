import { DelayedError, Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { z } from 'zod';
import { config } from '../config';
import { describeError } from '../errors';
import { createRedis, redis } from '../redis';
import { processLabel } from './process-label';

/**
 * The one shape for queued background work: a job is defined once — queue, zod schema of its
 * payload, job id, handler — next to the function that enqueues it (lib/builds/build-job.ts,
 * lib/deploys/deploy-job.ts); a worker module only starts it (`startJobWorker`).
 *
 * A payload is only an id; the Postgres row holds status and logs, and the handler re-reads it.
 * Job ids are the row ids, so enqueueing a row twice is a no-op (the row is the outbox).
 * The payload is validated when enqueued and again when the worker takes it.
 */
export type JobContext = {
  /** Aborts when the worker closes, if it was started with `abortOnClose`. */
  signal: AbortSignal;
  /** Puts this job back for `ms`, keeping its id (e.g. its app is busy), instead of finishing it. */
  retryIn(ms: number): Promise<never>;
};

export type JobDefinition<S extends z.ZodType> = {
  /** BullMQ queue name (per installation: see queuePrefix). */
  queue: string;
  /** BullMQ job name, for dashboards and logs. */
  name: string;
  schema: S;
  jobId: (data: z.output<S>) => string;
  handle: (data: z.output<S>, ctx: JobContext) => Promise<unknown>;
};

export type DefinedJob<S extends z.ZodType> = JobDefinition<S> & {
  enqueue(data: z.input<S>): Promise<void>;
  /** Whether a live worker holds this job right now (its BullMQ lock has not expired). */
  isHeld(jobId: string): Promise<boolean>;
};

const defaults: JobsOptions = { removeOnComplete: 1000, removeOnFail: 1000, attempts: 1 };

/** Redis key prefix of every queue of this installation (workers must use the same). */
export const queuePrefix = () => `bull:${config().BERTH_INSTALLATION}`;

const globalForQueues = globalThis as unknown as { berthQueues?: Map<string, Queue> };

function queue(name: string): Queue {
  globalForQueues.berthQueues ??= new Map();
  let q = globalForQueues.berthQueues.get(name);
  if (!q) {
    q = new Queue(name, { connection: createRedis({ commandTimeout: 5_000 }), prefix: queuePrefix() }); // Redis down: enqueue fails in 5 s (the row is the outbox), never hangs
    globalForQueues.berthQueues.set(name, q);
  }
  return q;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): DefinedJob<S> {
  return {
    ...def,
    enqueue: async (data) => {
      const payload = def.schema.parse(data);
      await queue(def.queue).add(def.name, payload, { ...defaults, jobId: def.jobId(payload) });
    },
    isHeld: async (jobId) => (await redis().exists(`${queuePrefix()}:${def.queue}:${jobId}:lock`)) === 1,
  };
}

export type JobWorkerOptions = {
  /** Jobs at once in this process. */
  concurrency: number;
  /** Jobs at once across every worker process of this installation. */
  globalConcurrency?: number;
  lockDurationMs?: number;
  /** Abort running handlers' signal on close (default: let them finish). */
  abortOnClose?: boolean;
};

/** Consumes `job`'s queue in this process until `close()` (graceful: waits for running jobs). */
export async function startJobWorker<S extends z.ZodType>(
  job: DefinedJob<S>,
  opts: JobWorkerOptions,
): Promise<{ close: () => Promise<void> }> {
  if (opts.globalConcurrency !== undefined) await queue(job.queue).setGlobalConcurrency(opts.globalConcurrency);
  const stopping = new AbortController();
  const worker = new Worker(
    job.queue,
    async (bullJob: Job, token?: string) => {
      const data = job.schema.parse(bullJob.data);
      return job.handle(data, {
        signal: stopping.signal,
        retryIn: async (ms) => {
          await bullJob.moveToDelayed(Date.now() + ms, token);
          throw new DelayedError();
        },
      });
    },
    {
      connection: createRedis(),
      prefix: queuePrefix(),
      concurrency: opts.concurrency,
      // Recorded as job.processedBy: which worker process ran a job (several may consume a queue).
      name: processLabel(),
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
    },
  );
  worker.on('failed', (j, error) => console.error(`[${job.queue}] job ${j?.id} failed: ${error.message}`));
  worker.on('error', (error) => console.error(`[${job.queue}] ${describeError(error)}`));
  return {
    close: async () => {
      if (opts.abortOnClose) stopping.abort(new Error('worker stopping'));
      await worker.close();
    },
  };
}
