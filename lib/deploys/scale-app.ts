import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, type App, type Instance, type Prisma, type Release } from '../db';
import { AppError, badRequest, isAppError } from '../errors';
import { recordEvent } from '../events/record-event';
import { defaultQuantity, effectiveFormation, MAX_QUANTITY, RELEASE_PROCESS, runnableTypes, type FormationRow } from '../model/formation';
import { SLOT_INSTANCE_STATUSES } from '../model/instance-status';
import { scaleSummary } from '../model/operation';
import { TIER_NAMES, tierFromName, tierName, tierResources, type TierName } from '../model/tiers';
import { checkFit } from '../scheduler/check-fit';
import { formationRelease } from './app-formation';
import { processTypesOf } from './deploy-release';
import { planFormation } from './desired-slots';
import { recordRefusedOperation } from './operation-failure';
import { hostConstraintsOf } from './place-instance';
import { createDeployment, enqueue } from './request-deployment';

/**
 * Scales an app's process formation (Heroku's `ps:scale web=2 worker=1:medium`):
 * `{ web: { quantity: 2 }, worker: { quantity: 1, tier: 'medium' } }`. Checked before anything
 * changes — an unknown process type, a quantity out of range, or instances that would not fit on
 * any host now (placed on a snapshot of the cluster, by requests and measured use) is an
 * AppError with the reason and no change. Then, in one transaction holding the App row, the
 * formation rows are written (as a user's: app.json no longer overrides those types), an event
 * recorded and a SCALE deployment queued; converge starts what is missing (healthy first) and
 * retires the rest, replacing instances whose tier changed.
 */
export type ScaleChange = { quantity?: number; tier?: TierName };
export type ScaleRequest = Record<string, ScaleChange>;

/** Body of POST /api/apps/<name>/scale: `{"web":2}`, `{"worker":{"quantity":1,"tier":"medium"}}`, `{"instances":2}` (= web). */
const ZQuantity = z.coerce.number().int().min(0, 'at least 0').max(MAX_QUANTITY, `at most ${MAX_QUANTITY}`);
const ZChange = z.union([
  z
    .object({
      quantity: ZQuantity.optional(),
      tier: z.string().transform((t) => t.toLowerCase()).pipe(z.enum(TIER_NAMES, { error: 'small, medium or large' })).optional(),
    })
    .strict(),
  ZQuantity,
]);
export const ZScale = z
  .record(z.string().min(1).max(63), ZChange)
  .refine((body) => !('instances' in body && 'web' in body), { message: 'give either instances or web' })
  .transform((body): ScaleRequest =>
    Object.fromEntries(
      Object.entries(body).map(([type, change]) => [type === 'instances' ? 'web' : type, typeof change === 'number' ? { quantity: change } : change]),
    ),
  );

export async function scaleApp(actor: Actor, name: string, changes: ScaleRequest): Promise<{ deploymentId: string }> {
  const app = await findAppForActor(actor, name, 'write');
  const entries = Object.entries(changes);
  if (entries.length === 0) throw badRequest('Name at least one process type, e.g. {"web": 2}');

  const release = await formationRelease(app);
  const processTypes = release ? processTypesOf(release) : {};
  const known = runnableTypes(processTypes);
  const fields: Record<string, string> = {};
  for (const [type, change] of entries) {
    if (type === RELEASE_PROCESS) fields[type] = 'the release command runs once per release; it cannot be scaled';
    else if (!known.includes(type)) fields[type] = `unknown process type (this app has ${known.join(', ')})`;
    else if (change.quantity !== undefined && (!Number.isInteger(change.quantity) || change.quantity < 0 || change.quantity > MAX_QUANTITY))
      fields[type] = `quantity must be 0 to ${MAX_QUANTITY}`;
  }
  if (Object.keys(fields).length > 0) {
    const [type, reason] = Object.entries(fields)[0];
    throw badRequest(`${type}: ${reason}`, fields);
  }

  const rows = await db.processFormation.findMany({ where: { appId: app.id } });
  const next = applyChanges(rows, entries);
  await refusePastCapacity(app, release, processTypes, next).catch(async (error: unknown) => {
    // The refusal changes nothing, but it stays visible (Overview banner, apps list) until a
    // later deployment succeeds, like a failed deploy: recorded as a FAILED SCALE row.
    if (isAppError(error) && error.code === 'CONFLICT')
      await recordRefusedOperation(app, actor, 'SCALE', asJson(changes), { step: 'placement', reason: error.message, detail: null });
    throw error;
  });

  const summary = scaleSummary(changes);
  const deploymentId = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${app.id} FOR UPDATE`;
    const fresh = await tx.processFormation.findMany({ where: { appId: app.id } });
    for (const row of applyChanges(fresh, entries).filter((r) => entries.some(([t]) => t === r.processType))) {
      const data = { quantity: row.quantity, tier: row.tier, fromAppJson: false };
      await tx.processFormation.upsert({
        where: { appId_processType: { appId: app.id, processType: row.processType } },
        create: { appId: app.id, processType: row.processType, ...data },
        update: data,
      });
    }
    const id = await createDeployment({ appId: app.id, kind: 'SCALE', releaseId: app.currentReleaseId, createdById: actor.id, request: asJson(changes) }, tx);
    await recordEvent(
      {
        kind: 'app.scale',
        message: `Scaled ${name}: ${summary}`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { formation: Object.fromEntries(entries), deploymentId: id },
      },
      tx,
    );
    return id;
  });
  await enqueue(deploymentId);
  return { deploymentId };
}

/** The request as stored on the deployment, for Retry. */
const asJson = (changes: ScaleRequest) => changes as Prisma.InputJsonValue;

/** The rows after the changes (pure): quantity and tier per named type, the rest unchanged. */
function applyChanges(rows: readonly FormationRow[], entries: [string, ScaleChange][]): FormationRow[] {
  const out = new Map(rows.map((r) => [r.processType, { ...r }]));
  for (const [type, change] of entries) {
    const row = out.get(type);
    out.set(type, {
      processType: type,
      quantity: change.quantity ?? row?.quantity ?? defaultQuantity(type),
      tier: change.tier ? tierFromName(change.tier) : (row?.tier ?? null),
      fromAppJson: false,
    });
  }
  return [...out.values()];
}

/**
 * What converge would start for the new formation, placed one after another on a snapshot of the
 * cluster (new instances start before old ones stop, so nothing is subtracted): the first that
 * does not fit refuses the scale, in requests-versus-allocatable terms.
 */
async function refusePastCapacity(app: App, release: Release | null, processTypes: Record<string, string>, rows: FormationRow[]): Promise<void> {
  if (!release || app.currentReleaseId !== release.id || app.desiredState !== 'RUNNING') return; // nothing runs yet
  const current: Instance[] = await db.instance.findMany({
    where: { appId: app.id, releaseId: release.id, status: { in: [...SLOT_INSTANCE_STATUSES] } },
  });
  const plan = planFormation(
    effectiveFormation({ tier: app.tier, formation: rows }, processTypes),
    current.filter((i) => i.status !== 'STOPPING'),
  );
  const requests = plan.start.map((slot) => {
    const r = tierResources(slot.tier);
    return {
      appId: app.id,
      releaseId: release.id,
      cpu: r.cpuRequest,
      memoryMb: r.memoryRequestMb,
      strategy: app.placement,
      constraints: hostConstraintsOf(app),
    };
  });
  const misfit = await checkFit(requests);
  if (!misfit) return;
  const slot = plan.start[misfit.index];
  const count = plan.start.filter((s) => s.processType === slot.processType).length;
  throw new AppError(
    'CONFLICT',
    `Not enough capacity for ${count} more ${slot.processType} instance${count === 1 ? '' : 's'} (${tierName(slot.tier)}): ${misfit.reason}`,
  );
}
