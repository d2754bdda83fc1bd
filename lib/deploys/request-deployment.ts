import { db, type DeploymentKind, type Tx } from '../db';
import { enqueueDeploy } from './deploy-job';

/**
 * Records a deployment (the row is the outbox) and queues it. Call `enqueue` after the
 * transaction that created the row committed; the reconciler/worker start re-enqueue QUEUED rows.
 */
export async function createDeployment(
  input: { appId: string; kind: DeploymentKind; releaseId?: string | null; createdById?: string | null; reason?: string },
  tx: Tx = db,
): Promise<string> {
  const row = await tx.deployment.create({
    data: {
      appId: input.appId,
      kind: input.kind,
      releaseId: input.releaseId ?? null,
      createdById: input.createdById ?? null,
      reason: input.reason ?? null,
    },
  });
  return row.id;
}

export const enqueue = enqueueDeploy;
