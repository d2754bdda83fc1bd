import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db, type Prisma } from '../db';
import { badRequest, conflict, notFound } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueueDeploy } from '../deploys/deploy-job';
import { createRelease } from './create-release';
import { decryptJson } from '../crypto/secret-box';
import { replaceEnv } from '../env/replace-env';

/** POST /api/apps/<name>/rollback {version} */
export const ZRollback = z.object({ version: z.coerce.number().int().min(1) });

/**
 * Rollback = a NEW release (v<next>, "Rollback to v3") with the old release's image, env
 * snapshot, process types and health check, deployed like any other (zero downtime, health
 * checked). The app's env vars are restored to that snapshot too. Only releases that were live once may be the target.
 */
export async function rollback(actor: Actor, name: string, version: number): Promise<{ releaseId: string; deploymentId: string; version: number }> {
  if (!Number.isInteger(version) || version < 1) throw badRequest('version must be a release number', { version: 'e.g. 3' });
  const app = await findAppForActor(actor, name, 'write');
  const target = await db.release.findUnique({ where: { appId_version: { appId: app.id, version } } });
  if (!target) throw notFound(`Release v${version}`);
  if (target.status !== 'SUPERSEDED' && target.status !== 'LIVE')
    throw conflict(`v${version} never went live (${target.status.toLowerCase()}); roll back to a release that did`);
  if (target.id === app.currentReleaseId) throw conflict(`v${version} is already live`);

  const { release, deploymentId } = await db.$transaction(async (tx) => {
    const created = await createRelease(
      {
        appId: app.id,
        buildId: target.buildId,
        imageTag: target.imageTag,
        commitSha: target.commitSha,
        commitMessage: target.commitMessage,
        commitAuthor: target.commitAuthor,
        env: { sealed: target.env },
        processTypes: target.processTypes as Record<string, string>,
        healthcheck: (target.healthcheck ?? null) as Prisma.InputJsonValue | null,
        formation: (target.formation ?? null) as Prisma.InputJsonValue | null,
        description: `Rollback to v${version}`,
        createdById: actor.id,
      },
      tx,
    );
    // The app's env vars become the snapshot again, so the next env change starts from it.
    await replaceEnv(app.id, decryptJson<Record<string, string>>(target.env), tx);
    await recordEvent(
      {
        kind: 'release.rollback',
        message: `Rolling back ${app.name} to v${version} as v${created.release.version}`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { to: version, releaseId: created.release.id },
      },
      tx,
    );
    return created;
  });
  await enqueueDeploy(deploymentId);
  return { releaseId: release.id, deploymentId, version: release.version };
}
