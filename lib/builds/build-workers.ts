import { Queue } from 'bullmq';
import { queuePrefix } from '../background/job';
import { redis } from '../redis';

/**
 * Whether any worker process consumes the builds queue right now: BullMQ names its workers'
 * Redis connections, so CLIENT LIST says who is connected. A push uses it to say honestly that
 * its build waits for a worker (lib/git/on-push.ts). `null` when Redis cannot tell (e.g. it is
 * down, or CLIENT LIST is not allowed): callers then say nothing rather than guess.
 */
const WAIT_MS = 3_000;
let queue: Queue | null = null;

export async function buildWorkerRunning(): Promise<boolean | null> {
  queue ??= new Queue('builds', { connection: redis(), prefix: queuePrefix() });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), WAIT_MS)));
  try {
    return await Promise.race([queue.getWorkersCount().then((n) => n > 0), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
