import type { Actor } from '../auth/actor';
import { db, type App, type Deployment, type Prisma } from '../db';
import { publishAppChanged } from '../events/progress';
import { recordEvent } from '../events/record-event';
import type { DeployStep, FailureText } from '../model/deploy-failure';
import { OPERATION_EVENT, operationLabel, type OperationKind } from '../model/operation';

/**
 * Scale, restart, start and stop fail the way releases do: the Deployment row keeps the step, a
 * one-sentence reason and the long form (shown collapsed), an `app.<verb>.failed` event puts it in
 * the activity feed, and the live views are woken. The Overview's failure banner and the apps
 * list's hover read the row until a newer deployment of the app succeeds (failed-operations.ts).
 */
type Failure = { step: DeployStep } & FailureText;

/** A queued operation the worker could not finish. */
export async function failOperation(deployment: Pick<Deployment, 'id' | 'appId' | 'kind' | 'request'>, failure: Failure): Promise<void> {
  await db.deployment.update({ where: { id: deployment.id }, data: { status: 'FAILED', finishedAt: new Date(), ...columns(failure) } });
  const app = await db.app.findUnique({ where: { id: deployment.appId }, select: { name: true } });
  if (!app) return; // deleted meanwhile
  await announce({ id: deployment.appId, name: app.name }, deployment.kind as OperationKind, deployment.request, deployment.id, failure, null);
}

/**
 * An operation refused before anything changed (it would not fit): recorded as a FAILED row of
 * its own so the refusal stays on the Overview instead of vanishing with the error message.
 */
export async function recordRefusedOperation(
  app: Pick<App, 'id' | 'name' | 'currentReleaseId'>,
  actor: Actor,
  kind: OperationKind,
  request: Prisma.InputJsonValue,
  failure: Failure,
): Promise<string> {
  const now = new Date();
  const row = await db.deployment.create({
    data: {
      appId: app.id,
      kind,
      releaseId: app.currentReleaseId,
      createdById: actor.id,
      status: 'FAILED',
      startedAt: now,
      finishedAt: now,
      request,
      ...columns(failure),
    },
  });
  await announce(app, kind, request, row.id, failure, actor);
  return row.id;
}

function columns({ step, reason, detail }: Failure) {
  return { reason: reason.slice(0, 2000), failedStep: step, failureDetail: detail?.slice(0, 20_000) ?? null };
}

async function announce(
  app: Pick<App, 'id' | 'name'>,
  kind: OperationKind,
  request: unknown,
  deploymentId: string,
  failure: Failure,
  actor: Actor | null,
): Promise<void> {
  await recordEvent({
    kind: `${OPERATION_EVENT[kind]}.failed`,
    message: `${operationLabel(kind, request)} failed at ${failure.step}: ${failure.reason}`,
    appId: app.id,
    appName: app.name,
    actor,
    data: { deploymentId, step: failure.step },
  });
  await publishAppChanged(app.id);
}
