import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db, type Prisma } from '../db';
import { conflict, notFound } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueueDeploy } from '../deploys/deploy-job';
import { readEnv } from '../env/read-env';
import { parseHealthCheck } from '../model/health-check';
import { createRelease } from './create-release';

/** POST /api/apps/<name>/redeploy {version?} — no version: the live release (or the newest one). */
export const ZRedeploy = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();
export type Redeploy = z.infer<typeof ZRedeploy>;

/**
 * Redeploy = a NEW release with an existing release's image (no rebuild: same commit) and the
 * app's env vars and health-check setting as they are NOW, deployed like any other. So it is also
 * Retry: a failed env change (its variables are stored) or a release that failed its health check
 * after the setting was fixed. Default source: the live release, else the newest release.
 */
export async function redeploy(actor: Actor, name: string, input: Redeploy = {}): Promise<{ releaseId: string; deploymentId: string; version: number }> {
  const app = await findAppForActor(actor, name, 'write');
  const source = input.version
    ? await db.release.findUnique({ where: { appId_version: { appId: app.id, version: input.version } } })
    : ((app.currentReleaseId ? await db.release.findUnique({ where: { id: app.currentReleaseId } }) : null) ??
      (await db.release.findFirst({ where: { appId: app.id }, orderBy: { version: 'desc' } })));
  if (!source) {
    if (input.version) throw notFound(`Release v${input.version}`);
    throw conflict('Nothing to redeploy yet: no build has produced an image. Deploy latest builds the branch head.');
  }

  const { release, deploymentId } = await db.$transaction(async (tx) => {
    const created = await createRelease(
      {
        appId: app.id,
        buildId: source.buildId,
        imageTag: source.imageTag,
        commitSha: source.commitSha,
        commitMessage: source.commitMessage,
        commitAuthor: source.commitAuthor,
        env: { plain: await readEnv(app.id, tx) },
        processTypes: source.processTypes as Record<string, string>,
        healthcheck: (parseHealthCheck(app.healthcheck) ?? source.healthcheck ?? null) as Prisma.InputJsonValue | null,
        scripts: (source.scripts ?? null) as Prisma.InputJsonValue | null,
        formation: (source.formation ?? null) as Prisma.InputJsonValue | null,
        description: `Redeploy v${source.version}`,
        createdById: actor.id,
      },
      tx,
    );
    await recordEvent(
      {
        kind: 'release.redeploy',
        message: `Redeploying v${source.version} of ${app.name} as v${created.release.version}`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { from: source.version, releaseId: created.release.id, deploymentId: created.deploymentId },
      },
      tx,
    );
    return created;
  });
  await enqueueDeploy(deploymentId);
  return { releaseId: release.id, deploymentId, version: release.version };
}
