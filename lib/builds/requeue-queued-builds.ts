import { db } from '../db';
import { describeError } from '../errors';
import { enqueueBuild } from './build-job';

/**
 * The build outbox: every QUEUED Build row gets its queue job back (job id = build id, so a
 * build whose job exists is untouched). Covers an enqueue lost between the row's commit and
 * Redis (web process killed, Redis restarted). Run periodically by workers/build-outbox.ts.
 */
export async function requeueQueuedBuilds(): Promise<{ queued: number; errors: string[] }> {
  const queued = await db.build.findMany({ where: { status: 'QUEUED' }, select: { id: true, interruptions: true } });
  const errors: string[] = [];
  for (const b of queued) await enqueueBuild(b.id, b.interruptions).catch((e) => errors.push(`build ${b.id}: ${describeError(e)}`));
  return { queued: queued.length, errors };
}
