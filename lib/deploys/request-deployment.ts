import { db, type DeploymentKind, type Prisma, type Tx } from '../db';
import { enqueueDeploy } from './deploy-job';

/**
 * Records a deployment (the row is the outbox) and queues it. Call `enqueue` after the
 * transaction that created the row committed; the reconciler/worker start re-enqueue QUEUED rows.
 */
export async function createDeployment(
  input: {
    appId: string;
    kind: DeploymentKind;
    releaseId?: string | null;
    createdById?: string | null;
    reason?: string;
    /** What was asked (a scale's formation, a tier change's tier): Retry asks it again. */
    request?: Prisma.InputJsonValue;
  },
  tx: Tx = db,
): Promise<string> {
  const row = await tx.deployment.create({
    data: {
      appId: input.appId,
      kind: input.kind,
      releaseId: input.releaseId ?? null,
      createdById: input.createdById ?? null,
      reason: input.reason ?? null,
      request: input.request,
    },
  });
  return row.id;
}

export const enqueue = enqueueDeploy;
