import { db } from '../db';

/**
 * QUEUED → RUNNING, at most one RUNNING build per app. The per-app advisory lock (same key as
 * createBuild) makes "no other build of this app is running" and the update one atomic step.
 * `attempt` (the job's, = Build.interruptions of the run it was queued for): a job of an earlier
 * run — a dead worker's, handed out again by the queue's stalled-job check — does not claim the
 * build run again under the new job id: the job holding the claim must be the one whose lock
 * says "a live worker runs it" (resume-interrupted-builds.ts), or the build is requeued twice.
 */
export async function claimBuild(buildId: string, attempt?: number): Promise<'claimed' | 'skipped' | 'busy'> {
  return db.$transaction(async (tx) => {
    const build = await tx.build.findUnique({ where: { id: buildId }, select: { appId: true, status: true } });
    if (!build || build.status !== 'QUEUED') return 'skipped';
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('berth-build-app'), hashtext(${build.appId}))`;
    const current = await tx.build.findUnique({ where: { id: buildId }, select: { status: true, interruptions: true } });
    if (current?.status !== 'QUEUED') return 'skipped';
    if (attempt !== undefined && current.interruptions !== attempt) return 'skipped';
    const running = await tx.build.count({ where: { appId: build.appId, status: 'RUNNING' } });
    if (running > 0) return 'busy';
    await tx.build.update({ where: { id: buildId }, data: { status: 'RUNNING', startedAt: new Date() } });
    return 'claimed';
  });
}
