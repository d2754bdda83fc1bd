import { db, type Deployment } from '../db';
import { publishProgress } from '../events/progress';
import { enqueueDeploy } from './deploy-job';
import { tryAppLock } from './app-lock';
import { discardInstance } from './instance-container';
import { WANTED_INSTANCE_STATUSES } from '../model/instance-status';

/** A deployment whose worker died this many times is not run again (it may be what kills the worker). */
export const MAX_DEPLOY_INTERRUPTIONS = 2;

/**
 * Deployments whose worker died (kill -9, OOM, host reboot): RUNNING rows whose queue job no live
 * worker holds (its BullMQ lock expired or the job is gone). Run at worker start and every few
 * seconds by the deploy worker (workers/deploys.ts), so one whose lock was still held at start is
 * found once it expires. Such a deployment is run again — idempotent: instance rows are keyed by
 * container name and reused, a container already created is reused and health-checked again, a
 * release already LIVE is not switched twice — by putting it back to QUEUED with
 * `interruptions + 1` and a new queue job (`<id>.r<n>`), only while its app lock is free: a held
 * lock means the deployment is still running somewhere, or the dead worker's lock (30 s) has not
 * expired yet — it is looked at again on the next pass. After MAX_DEPLOY_INTERRUPTIONS the deployment is
 * FAILED instead: its release FAILED and its instances removed, the previous release serving.
 * Updates are conditional on the status and count read, so two workers finding it act once.
 * QUEUED rows are (re-)enqueued: the Deployment row is the outbox (an enqueue lost to a Redis
 * outage is made good here; enqueueing an existing job id is a no-op).
 * `isHeld(deploymentId, attempt)` says whether a live worker holds that run's job.
 */
export async function resumeInterruptedDeployments(
  isHeld: (deploymentId: string, attempt: number) => Promise<boolean>,
): Promise<{ resumed: string[]; failed: string[]; requeued: number }> {
  const out = { resumed: [] as string[], failed: [] as string[], requeued: 0 };
  const running = await db.deployment.findMany({ where: { status: 'RUNNING' } });
  for (const d of running) {
    if (await anyRunHeld(d, isHeld)) continue;
    if (d.interruptions >= MAX_DEPLOY_INTERRUPTIONS) {
      if (await failInterrupted(d)) out.failed.push(d.id);
      continue;
    }
    // The app lock is held while a deployment runs, wherever it runs (a worker's job, or in
    // process): a held lock means it is alive, or its dead worker's lock has not expired yet.
    const count = await tryAppLock(d.appId, async () => {
      const updated = await db.deployment.updateMany({
        where: { id: d.id, status: 'RUNNING', interruptions: d.interruptions },
        data: { status: 'QUEUED', interruptions: { increment: 1 } },
      });
      return updated.count;
    });
    if (!count) continue;
    out.resumed.push(d.id);
    await enqueueDeploy(d.id, d.interruptions + 1);
    await publishProgress(d.appId, {
      step: 'deploy',
      status: 'running',
      message: 'The worker stopped during this deploy; deploying again',
      ...(d.releaseId ? { releaseId: d.releaseId } : {}),
    }).catch(() => undefined);
  }
  const queued = await db.deployment.findMany({ where: { status: 'QUEUED' }, select: { id: true, interruptions: true } });
  for (const d of queued) await enqueueDeploy(d.id, d.interruptions);
  out.requeued = queued.length;
  return out;
}

/** A stalled earlier run may still be redelivered and running: any live run counts. */
async function anyRunHeld(d: Deployment, isHeld: (deploymentId: string, attempt: number) => Promise<boolean>) {
  for (let attempt = d.interruptions; attempt >= 0; attempt--) if (await isHeld(d.id, attempt)) return true;
  return false;
}

async function failInterrupted(d: Deployment): Promise<boolean> {
  const done = await tryAppLock(d.appId, async () => {
    const reason = `interrupted ${d.interruptions + 1} times: the worker stopped during this deploy`;
    const { count } = await db.deployment.updateMany({
      where: { id: d.id, status: 'RUNNING', interruptions: d.interruptions },
      data: { status: 'FAILED', reason, finishedAt: new Date() },
    });
    if (!count) return false;
    if (d.releaseId) {
      const release = await db.release.findUnique({ where: { id: d.releaseId } });
      if (release?.status === 'DEPLOYING' || release?.status === 'PENDING') {
        await db.release.update({ where: { id: release.id }, data: { status: 'FAILED', failureReason: reason } });
        const orphans = await db.instance.findMany({
          where: { releaseId: release.id, status: { in: [...WANTED_INSTANCE_STATUSES] } },
          include: { host: true },
        });
        for (const i of orphans) await discardInstance(i, i.host);
      }
    }
    return true;
  });
  return done ?? false;
}
