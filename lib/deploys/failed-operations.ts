import { db } from '../db';
import { operationLabel, type OperationKind } from '../model/operation';

/** A failed scale, restart, start or stop that no later deployment of the app has made history. */
export type FailedOperation = {
  id: string;
  appId: string;
  kind: OperationKind;
  /** "Scale web=20:large", "Restart", … */
  label: string;
  failedStep: string | null;
  reason: string | null;
  failureDetail: string | null;
  createdAt: Date;
};

/**
 * Per app, its newest failed operation, unless a deployment created after it succeeded (a scale
 * that fits, a restart, a release going live): then the failure is history, not state. Two
 * grouped queries for any number of apps; callers pass app ids the actor may see.
 */
export async function unresolvedFailedOperations(appIds: string[]): Promise<Map<string, FailedOperation>> {
  const out = new Map<string, FailedOperation>();
  if (appIds.length === 0) return out;
  const [failed, succeeded] = await Promise.all([
    db.deployment.findMany({
      where: { appId: { in: appIds }, status: 'FAILED', kind: { not: 'RELEASE' } },
      distinct: ['appId'],
      orderBy: [{ appId: 'asc' }, { createdAt: 'desc' }],
    }),
    db.deployment.findMany({
      where: { appId: { in: appIds }, status: 'SUCCEEDED' },
      distinct: ['appId'],
      orderBy: [{ appId: 'asc' }, { createdAt: 'desc' }],
      select: { appId: true, createdAt: true },
    }),
  ]);
  const lastSuccess = new Map(succeeded.map((d) => [d.appId, d.createdAt]));
  for (const d of failed) {
    const success = lastSuccess.get(d.appId);
    if (success && success > d.createdAt) continue;
    const kind = d.kind as OperationKind;
    out.set(d.appId, {
      id: d.id,
      appId: d.appId,
      kind,
      label: operationLabel(kind, d.request),
      failedStep: d.failedStep,
      reason: d.reason,
      failureDetail: d.failureDetail,
      createdAt: d.createdAt,
    });
  }
  return out;
}
