import { db, type Prisma } from '../db';
import { AppError } from '../errors';
import { readEnv } from '../env/read-env';
import { enqueueDeploy } from '../deploys/deploy-job';
import { parseHealthCheck } from '../model/health-check';
import { createRelease } from './create-release';

/**
 * Called by the build worker after a build SUCCEEDED with deployAfter: creates the next Release
 * (image, commit, encrypted env snapshot, Procfile process types, health check) and a RELEASE
 * Deployment, then enqueues the deploy. Idempotent per build (a retried call returns the same ids).
 *
 * Health check: the app's settings (App.healthcheck) win over app.json; none → the default check.
 */
export async function releaseFromBuild(buildId: string): Promise<{ releaseId: string; deploymentId: string }> {
  const build = await db.build.findUnique({ where: { id: buildId }, include: { app: true } });
  if (!build) throw new AppError('NOT_FOUND', `Build ${buildId} not found`);
  if (build.status !== 'SUCCEEDED' || !build.imageTag)
    throw new AppError('CONFLICT', `Build #${build.number} has no image to deploy (status ${build.status})`);

  const description = `Deploy ${build.commitSha.slice(0, 7)}`;
  // The build recorded the commit's Procfile and app.json health check (BUILDS).
  const processTypes = (build.processTypes ?? {}) as Record<string, string>;
  const healthcheck = parseHealthCheck(build.app.healthcheck) ?? parseHealthCheck(build.healthcheck);

  const result = await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${build.appId} FOR UPDATE`;
      const existing = await tx.release.findFirst({
        where: { buildId, description },
        include: { deployments: { where: { kind: 'RELEASE' }, take: 1 } },
      });
      if (existing?.deployments[0]) return { releaseId: existing.id, deploymentId: existing.deployments[0].id };
      const { release, deploymentId } = await createRelease(
        {
          appId: build.appId,
          buildId,
          imageTag: build.imageTag!,
          commitSha: build.commitSha,
          commitMessage: build.commitMessage,
          commitAuthor: build.commitAuthor,
          env: { plain: await readEnv(build.appId, tx) },
          processTypes,
          healthcheck: healthcheck as Prisma.InputJsonValue | null,
          scripts: (build.scripts ?? null) as Prisma.InputJsonValue | null,
          formation: (build.formation ?? null) as Prisma.InputJsonValue | null,
          description,
          createdById: build.createdById,
        },
        tx,
      );
      return { releaseId: release.id, deploymentId };
    },
    { timeout: 15_000 },
  );
  // After commit; enqueueing twice is a no-op (job id = deployment id).
  await enqueueDeploy(result.deploymentId);
  return result;
}
