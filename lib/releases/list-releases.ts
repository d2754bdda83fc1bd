import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { releasePhaseOf, type ReleasePhaseRecord } from '../deploys/release-phase';

/** A release as the API and UI show it (no env snapshot, ever). */
export type ReleaseDto = {
  id: string;
  version: number;
  status: string;
  description: string;
  commitSha: string;
  commitMessage: string | null;
  commitAuthor: string | null;
  /** Who made the release from the UI/API (an env change, rollback, redeploy); null for pushes. */
  createdBy: string | null;
  imageTag: string;
  buildId: string | null;
  buildNumber: number | null;
  buildStatus: string | null;
  /** Why it failed, in one sentence; `failedStep` names the deploy step, `failureDetail` the long form (collapsed in the UI). */
  failureReason: string | null;
  failedStep: string | null;
  failureDetail: string | null;
  /** The release phase (Procfile `release:`) when the release has one and it ran: outcome and last output lines. */
  releasePhase: Pick<ReleasePhaseRecord, 'status' | 'command' | 'exitCode' | 'output' | 'durationMs'> | null;
  createdAt: string;
  deployedAt: string | null;
  current: boolean;
  /** An earlier release that went live once and may be rolled back to. */
  canRollback: boolean;
};

export async function listReleases(actor: Actor, name: string, limit = 50): Promise<ReleaseDto[]> {
  const app = await findAppForActor(actor, name, 'read');
  const rows = await db.release.findMany({
    where: { appId: app.id },
    orderBy: { version: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
    include: { build: { select: { number: true, status: true } } },
  });
  const creators = await db.user.findMany({
    where: { id: { in: [...new Set(rows.flatMap((r) => (r.createdById ? [r.createdById] : [])))] } },
    select: { id: true, email: true },
  });
  const emailOf = new Map(creators.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    status: r.status,
    description: r.description,
    commitSha: r.commitSha,
    commitMessage: r.commitMessage,
    commitAuthor: r.commitAuthor,
    createdBy: r.createdById ? (emailOf.get(r.createdById) ?? null) : null,
    imageTag: r.imageTag,
    buildId: r.buildId,
    buildNumber: r.build?.number ?? null,
    buildStatus: r.build?.status ?? null,
    failureReason: r.failureReason,
    failedStep: r.failedStep,
    failureDetail: r.failureDetail,
    releasePhase: phaseDto(r),
    createdAt: r.createdAt.toISOString(),
    deployedAt: r.deployedAt?.toISOString() ?? null,
    current: r.id === app.currentReleaseId,
    canRollback: r.id !== app.currentReleaseId && (r.status === 'SUPERSEDED' || r.status === 'LIVE'),
  }));
}

function phaseDto(r: Parameters<typeof releasePhaseOf>[0]): ReleaseDto['releasePhase'] {
  const phase = releasePhaseOf(r);
  return phase ? { status: phase.status, command: phase.command, exitCode: phase.exitCode, output: phase.output, durationMs: phase.durationMs } : null;
}
