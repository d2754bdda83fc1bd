import { db } from '../db';
import { enqueueDeploy } from './deploy-job';
import { tryAppLock } from './app-lock';
import { discardInstance } from './instance-container';
import { WANTED_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * At worker start: a deployment left RUNNING by a crashed worker (its app lock expired, so no
 * live worker holds it) is marked FAILED — its release too, and that release's instances removed
 * — rather than resumed: the previous release is still LIVE and serving, and the user can deploy
 * again. QUEUED deployments are re-enqueued: the Deployment row is the outbox.
 */
export async function recoverStaleDeployments(): Promise<{ failed: number; requeued: number }> {
  let failed = 0;
  const running = await db.deployment.findMany({ where: { status: 'RUNNING' } });
  for (const d of running) {
    await tryAppLock(d.appId, async () => {
      const reason = 'interrupted: the worker stopped during this deploy';
      await db.deployment.update({ where: { id: d.id }, data: { status: 'FAILED', reason, finishedAt: new Date() } });
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
      failed++;
    });
  }
  const queued = await db.deployment.findMany({ where: { status: 'QUEUED' }, select: { id: true } });
  for (const d of queued) await enqueueDeploy(d.id);
  return { failed, requeued: queued.length };
}
