import { db } from '../db';
import { describeError } from '../errors';
import { withAppLock } from './app-lock';
import { converge } from './converge';
import { deployFailureOf } from './deploy-failure';
import { deployRelease } from './deploy-release';
import { failOperation } from './operation-failure';
import { rollingRestart } from './rolling-restart';
import { prepareSpareNetwork } from './spare-network';

/**
 * Runs one Deployment row (the deploy queue's job). One per app at a time (app lock); a
 * finished row is a no-op, so a redelivered job converges instead of deploying twice.
 */
export async function runDeployment(deploymentId: string, signal?: AbortSignal): Promise<void> {
  const first = await db.deployment.findUnique({ where: { id: deploymentId } });
  if (!first) return; // app deleted meanwhile
  await withAppLock(first.appId, async () => {
    const deployment = await db.deployment.findUnique({ where: { id: deploymentId } });
    if (!deployment || deployment.status === 'SUCCEEDED' || deployment.status === 'FAILED') return;
    await db.deployment.update({ where: { id: deploymentId }, data: { status: 'RUNNING', startedAt: new Date() } });
    try {
      switch (deployment.kind) {
        case 'RELEASE':
          await deployRelease(deployment, signal);
          break;
        case 'RESTART':
          await rollingRestart(deployment.appId, signal);
          break;
        case 'SCALE':
        case 'START':
        case 'STOP':
          await converge(deployment.appId, signal);
          break;
      }
      await db.deployment.update({ where: { id: deploymentId }, data: { status: 'SUCCEEDED', finishedAt: new Date() } });
      // The next push's web instance gets a network made now, while nothing waits — after the row
      // finished (the UI resolves earlier failures by it), still under the app lock
      // (spare-network.ts).
      if (deployment.kind === 'RELEASE')
        await prepareSpareNetwork(deployment.appId).catch((e) => console.warn(`[deploys] spare network: ${describeError(e)}`));
    } catch (error) {
      // Step + one sentence + detail, as a release keeps them (a placement or health-check
      // failure says so itself; anything else failed while starting instances).
      const failure = deployFailureOf(error, 'start');
      if (deployment.kind === 'RELEASE') {
        await db.deployment.update({
          where: { id: deploymentId },
          data: { status: 'FAILED', finishedAt: new Date(), reason: failure.reason.slice(0, 2000), failedStep: failure.step, failureDetail: failure.detail?.slice(0, 20_000) ?? null },
        });
      } else {
        await failOperation(deployment, failure);
      }
      console.warn(`[deploys] ${deployment.kind} ${deploymentId} failed: ${describeError(error)}`);
    }
  });
}
