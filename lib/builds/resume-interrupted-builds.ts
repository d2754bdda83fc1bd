import { db } from '../db';
import { publishProgress } from '../events/progress';
import { publishBuildDone } from './log-sink';

/** A build whose worker died this many times is not run again (it may be what kills the worker). */
export const MAX_BUILD_INTERRUPTIONS = 2;

/**
 * Builds whose worker died (kill -9, OOM, host reboot): RUNNING rows whose queue job no live
 * worker holds any more (its BullMQ lock expired). Run at worker start and by the builds outbox
 * every few seconds, so a build whose lock was still held at start is found once it expires.
 * Such a build is run again from scratch — idempotent, the image tag is the commit — by putting
 * it back to QUEUED with `interruptions + 1` (the outbox enqueues it under a new job id), and the
 * log says so; a push still following it sees the rebuild and ends live. After
 * MAX_BUILD_INTERRUPTIONS it is FAILED instead. The update is conditional on RUNNING and the
 * interruption count read, so two workers finding the same build act once.
 * `isHeld(buildId, attempt)` says whether a live worker holds that run's job.
 */
export async function resumeInterruptedBuilds(
  isHeld: (buildId: string, attempt: number) => Promise<boolean>,
): Promise<{ requeued: string[]; failed: string[] }> {
  const running = await db.build.findMany({
    where: { status: 'RUNNING' },
    select: {
      id: true,
      appId: true,
      number: true,
      interruptions: true,
      cancelRequested: true,
      _count: { select: { logLines: true } },
    },
  });
  const out = { requeued: [] as string[], failed: [] as string[] };
  for (const b of running) {
    if (await isHeld(b.id, b.interruptions)) continue;
    // Cancelled meanwhile, or a newer push of the app exists: running it again would deploy an
    // older commit over the newer one.
    const newer = await db.build.findFirst({ where: { appId: b.appId, number: { gt: b.number } }, select: { number: true } });
    if (b.cancelRequested || newer) {
      const { count } = await db.build.updateMany({
        where: { id: b.id, status: 'RUNNING', interruptions: b.interruptions },
        data: {
          status: 'CANCELLED',
          error: newer ? `interrupted, and superseded by #${newer.number}` : 'cancelled',
          finishedAt: new Date(),
        },
      });
      if (count) await publishBuildDone(b.id, 'CANCELLED');
      continue;
    }
    if (b.interruptions >= MAX_BUILD_INTERRUPTIONS) {
      const { count } = await db.build.updateMany({
        where: { id: b.id, status: 'RUNNING', interruptions: b.interruptions },
        data: {
          status: 'FAILED',
          failedStep: 'docker build',
          error: `The build was interrupted ${b.interruptions + 1} times: the worker stopped while it was running. Push again to rebuild.`,
          finishedAt: new Date(),
        },
      });
      if (count) {
        out.failed.push(b.id);
        await publishBuildDone(b.id, 'FAILED');
      }
      continue;
    }
    const { count } = await db.build.updateMany({
      where: { id: b.id, status: 'RUNNING', interruptions: b.interruptions },
      data: { status: 'QUEUED', interruptions: { increment: 1 }, startedAt: null },
    });
    if (!count) continue;
    out.requeued.push(b.id);
    const line = '-----> The worker stopped during this build; building again from the start';
    await db.buildLogLine
      .create({ data: { buildId: b.id, seq: b._count.logLines + 1, line } })
      .catch(() => undefined);
    await publishProgress(b.appId, { step: 'build', status: 'running', message: 'The worker stopped during this build; building again', buildId: b.id }).catch(() => undefined);
  }
  return out;
}
