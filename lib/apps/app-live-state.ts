import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { unresolvedFailedOperations } from '../deploys/failed-operations';
import { appChangeStamp } from './app-change-stamp';
import { appSummaryInclude, toAppSummary, type AppSummary } from './app-summary';
import { failureNotice, type FailureNotice } from './failure-notice';

/** A recent deploy, scale, restart, stop or start: what the page's "Scaling…" notices wait for. */
export type OperationDto = { id: string; kind: string; status: string; reason: string | null; releaseVersion: number | null };

/**
 * Everything the app page shows live, as one DTO: the summary (header badge, Overview), the
 * failure banner, recent operations, the release Roll back goes to, and the change stamp the
 * browser compares to know when to re-render the server-rendered parts.
 */
export type AppLiveState = AppSummary & {
  failure: FailureNotice | null;
  operations: OperationDto[];
  /** The newest release before the current one that was live (Roll back's target). */
  rollbackTarget: { version: number; description: string } | null;
  /** Whether anything but the first (Create) build ran: the Overview shows next steps until then. */
  pushed: boolean;
  stamp: string;
};

export async function getAppLiveState(actor: Actor, name: string): Promise<AppLiveState> {
  const app = await findAppForActor(actor, name, 'read');
  return readAppLiveState(app.id);
}

/** The app's live state by id, for callers that already checked access (the progress stream). */
export async function readAppLiveState(appId: string): Promise<AppLiveState> {
  const [stamp, app] = await Promise.all([
    appChangeStamp(appId),
    db.app.findUniqueOrThrow({ where: { id: appId }, include: appSummaryInclude }),
  ]);
  const [failedBuild, failedRelease, failedOperations, operations, rollbackTo, laterBuild] = await Promise.all([
    db.build.findFirst({ where: { appId, status: 'FAILED' }, orderBy: { number: 'desc' } }),
    db.release.findFirst({ where: { appId, status: 'FAILED' }, orderBy: { version: 'desc' } }),
    unresolvedFailedOperations([appId]),
    db.deployment.findMany({ where: { appId }, orderBy: { createdAt: 'desc' }, take: 5, include: { release: { select: { version: true } } } }),
    app.currentRelease
      ? db.release.findFirst({
          where: { appId, status: { in: ['SUPERSEDED', 'LIVE'] }, version: { lt: app.currentRelease.version } },
          orderBy: { version: 'desc' },
          select: { version: true, description: true },
        })
      : null,
    db.build.count({ where: { appId, trigger: { not: 'CREATE' } } }),
  ]);
  return {
    ...toAppSummary(app),
    failure: failureNotice({ current: app.currentRelease, failedBuild, failedRelease, failedOperation: failedOperations.get(appId) ?? null }),
    operations: operations.map((d) => ({ id: d.id, kind: d.kind, status: d.status, reason: d.reason, releaseVersion: d.release?.version ?? null })),
    rollbackTarget: rollbackTo,
    pushed: laterBuild > 0,
    stamp,
  };
}
