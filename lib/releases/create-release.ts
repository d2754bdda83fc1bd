import { encryptJson } from '../crypto/secret-box';
import { db, type Prisma, type Release, type Tx } from '../db';

/**
 * Creates the app's next Release (v<max+1>) and its RELEASE Deployment in one transaction that
 * holds the App row lock, so concurrent deploys/rollbacks/env changes never pick one version twice.
 * The caller enqueues the deployment after commit (`enqueueDeploy`).
 */
export type NewRelease = {
  appId: string;
  buildId: string | null;
  imageTag: string;
  commitSha: string;
  commitMessage?: string | null;
  commitAuthor?: string | null;
  /** Sealed snapshot (encryptJson) or plain values to seal. */
  env: { sealed: string } | { plain: Record<string, string> };
  processTypes: Record<string, string>;
  healthcheck: Prisma.InputJsonValue | null;
  /** app.json deploy scripts (only releases made from a build carry them). */
  scripts?: Prisma.InputJsonValue | null;
  /** app.json `formation` the release carries (applied when it is deployed). */
  formation?: Prisma.InputJsonValue | null;
  description: string;
  createdById?: string | null;
};

export async function createRelease(
  input: NewRelease,
  tx?: Tx,
): Promise<{ release: Release; deploymentId: string }> {
  const work = async (t: Tx) => {
    await t.$queryRaw`SELECT id FROM "App" WHERE id = ${input.appId} FOR UPDATE`;
    const last = await t.release.aggregate({ where: { appId: input.appId }, _max: { version: true } });
    const release = await t.release.create({
      data: {
        appId: input.appId,
        version: (last._max.version ?? 0) + 1,
        buildId: input.buildId,
        imageTag: input.imageTag,
        commitSha: input.commitSha,
        commitMessage: input.commitMessage ?? null,
        commitAuthor: input.commitAuthor ?? null,
        env: 'sealed' in input.env ? input.env.sealed : encryptJson(input.env.plain),
        processTypes: input.processTypes,
        healthcheck: input.healthcheck ?? undefined,
        scripts: input.scripts ?? undefined,
        formation: input.formation ?? undefined,
        description: input.description,
        createdById: input.createdById ?? null,
      },
    });
    const deployment = await t.deployment.create({
      data: { appId: input.appId, releaseId: release.id, kind: 'RELEASE', createdById: input.createdById ?? null },
    });
    return { release, deploymentId: deployment.id };
  };
  return tx ? work(tx) : db.$transaction(work, { timeout: 15_000 });
}
