import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db } from '../db';

export type DeploymentDto = {
  id: string;
  kind: string;
  status: string;
  reason: string | null;
  /** Where a failed one stopped (placement, start, health check …) and the long form. */
  failedStep: string | null;
  failureDetail: string | null;
  releaseVersion: number | null;
  createdAt: string;
  finishedAt: string | null;
};

export async function listDeployments(actor: Actor, name: string, limit = 30): Promise<DeploymentDto[]> {
  const app = await findAppForActor(actor, name, 'read');
  const rows = await db.deployment.findMany({
    where: { appId: app.id },
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
    include: { release: { select: { version: true } } },
  });
  return rows.map((d) => ({
    id: d.id,
    kind: d.kind,
    status: d.status,
    reason: d.reason,
    failedStep: d.failedStep,
    failureDetail: d.failureDetail,
    releaseVersion: d.release?.version ?? null,
    createdAt: d.createdAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
  }));
}
