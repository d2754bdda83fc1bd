import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, type App, type ProcessFormation, type Release } from '../db';
import { effectiveFormation, MAX_QUANTITY } from '../model/formation';
import { UP_INSTANCE_STATUSES } from '../model/instance-status';
import { TIER_NAMES, tierFromName, tierName, tierResources, type TierName, type TierResources } from '../model/tiers';
import { processTypesOf } from './deploy-release';

/**
 * The app's formation as the Settings tab and GET /api/apps/<name>/formation show it: one row
 * per process type the app's release runs (web first), with its quantity, tier, the tier's
 * requests and limits, and how many instances are up. `release` is listed apart: it is not
 * scaled, it runs once per release.
 */
export type FormationDto = {
  /** The release the types come from: the live one, else the newest. */
  release: number | null;
  defaultTier: TierName;
  maxQuantity: number;
  types: {
    type: string;
    command: string | null;
    quantity: number;
    tier: TierName;
    /** Tier chosen for this type (not the app's default). */
    ownTier: boolean;
    /** Set by app.json's `formation` (until a user scales the type). */
    fromAppJson: boolean;
    resources: TierResources;
    up: number;
  }[];
  releaseCommand: string | null;
  tiers: ({ name: TierName } & TierResources)[];
};

export async function getFormation(actor: Actor, name: string): Promise<FormationDto> {
  const app = await findAppForActor(actor, name, 'read');
  return formationOf(app);
}

/** The release whose process types an app's formation is about: the live one, else the newest. */
export async function formationRelease(app: Pick<App, 'id' | 'currentReleaseId'>): Promise<Release | null> {
  if (app.currentReleaseId) return db.release.findUnique({ where: { id: app.currentReleaseId } });
  return db.release.findFirst({ where: { appId: app.id }, orderBy: { version: 'desc' } });
}

export async function formationOf(app: App): Promise<FormationDto> {
  const [rows, release] = await Promise.all([
    db.processFormation.findMany({ where: { appId: app.id } }),
    formationRelease(app),
  ]);
  const processTypes = release ? processTypesOf(release) : {};
  const up = release
    ? await db.instance.groupBy({
        by: ['processType'],
        where: { appId: app.id, releaseId: release.id, status: { in: [...UP_INSTANCE_STATUSES] } },
        _count: { _all: true },
      })
    : [];
  const upOf = new Map(up.map((u) => [u.processType, u._count._all]));
  const rowOf = new Map<string, ProcessFormation>(rows.map((r) => [r.processType, r]));
  return {
    release: release?.version ?? null,
    defaultTier: tierName(app.tier),
    maxQuantity: MAX_QUANTITY,
    types: effectiveFormation({ tier: app.tier, formation: rows }, processTypes).map((e) => ({
      type: e.processType,
      command: processTypes[e.processType] ?? null,
      quantity: e.quantity,
      tier: tierName(e.tier),
      ownTier: Boolean(rowOf.get(e.processType)?.tier),
      fromAppJson: rowOf.get(e.processType)?.fromAppJson ?? false,
      resources: tierResources(e.tier),
      up: upOf.get(e.processType) ?? 0,
    })),
    releaseCommand: processTypes.release ?? null,
    tiers: TIER_NAMES.map((n) => ({ name: n, ...tierResources(tierFromName(n)) })),
  };
}
