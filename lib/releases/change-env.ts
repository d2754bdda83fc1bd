import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';
import { db, type App, type Prisma, type Tx } from '../db';
import { badRequest, notFound } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueueDeploy } from '../deploys/deploy-job';
import { createRelease } from './create-release';
import { envKeyProblem, maskValue } from '../env/env-key';
import { readEnv } from '../env/read-env';

export type EnvVarDto = { key: string; value: string; masked: boolean; updatedAt: string };

/** Masked values unless `reveal` (any member who can read the app may reveal). */
export async function listEnv(actor: Actor, name: string, reveal = false): Promise<EnvVarDto[]> {
  const app = await findAppForActor(actor, name, 'read');
  const rows = await db.envVar.findMany({ where: { appId: app.id }, orderBy: { key: 'asc' } });
  return rows.map((r) => {
    const value = decryptSecret(r.value);
    return { key: r.key, value: reveal ? value : maskValue(value), masked: !reveal, updatedAt: r.updatedAt.toISOString() };
  });
}

export type EnvChangeResult = { releaseId: string | null; deploymentId: string | null; version: number | null };

/** PUT /api/apps/<name>/env: one `{key, value}`, or a batch `{vars: {A: "1"}, unset: ["C"]}`. */
export const ZSetEnv = z.union([
  z.object({ key: z.string().min(1).max(128), value: z.string().max(32_768) }).strict(),
  z
    .object({
      vars: z.record(z.string().max(128), z.string().max(32_768)).default({}),
      unset: z.array(z.string().max(128)).max(500).default([]),
    })
    .strict(),
]);
export type SetEnv = z.infer<typeof ZSetEnv>;

/** Either body form of PUT /env → one change (one release). */
export async function changeEnv(actor: Actor, name: string, body: SetEnv): Promise<EnvChangeResult> {
  if ('key' in body) return setEnv(actor, name, body.key, body.value);
  return setEnvBatch(actor, name, body.vars, body.unset);
}

/**
 * Sets and unsets several variables in one release (`berth env:set A=1 B=2`, a pasted .env).
 * Every key is checked first: one bad key rejects the whole batch, naming it. Unsetting a key
 * that is not set is not an error.
 */
export async function setEnvBatch(
  actor: Actor,
  name: string,
  vars: Record<string, string>,
  unset: string[],
): Promise<EnvChangeResult> {
  const keys = Object.keys(vars);
  if (keys.length === 0 && unset.length === 0) throw badRequest('Nothing to change: give vars and/or unset');
  if (keys.length > 500) throw badRequest('At most 500 variables at once');
  const fields: Record<string, string> = {};
  for (const key of [...keys, ...unset]) {
    const problem = envKeyProblem(key);
    if (problem) fields[key] = problem;
  }
  for (const key of unset) if (key in vars) fields[key] = 'both set and unset';
  if (Object.keys(fields).length) {
    throw badRequest(`Invalid: ${Object.entries(fields).map(([k, p]) => `${k} (${p})`).join(', ')}`, fields);
  }
  const parts = [keys.length ? `Set ${keys.join(', ')}` : '', unset.length ? `Remove ${unset.join(', ')}` : ''];
  return change(actor, name, parts.filter(Boolean).join('; '), async (app, tx) => {
    for (const key of keys) {
      await tx.envVar.upsert({
        where: { appId_key: { appId: app.id, key } },
        create: { appId: app.id, key, value: encryptSecret(vars[key]) },
        update: { value: encryptSecret(vars[key]) },
      });
    }
    if (unset.length) await tx.envVar.deleteMany({ where: { appId: app.id, key: { in: unset } } });
  });
}

/** Sets one variable (encrypted at rest) and rolls out a new release with it. */
export async function setEnv(actor: Actor, name: string, key: string, value: string): Promise<EnvChangeResult> {
  const problem = envKeyProblem(key);
  if (problem) throw badRequest(problem, { key: problem });
  if (value.length > 32_768) throw badRequest('Value is too long (32 KB at most)', { value: 'at most 32 KB' });
  return change(actor, name, `Set ${key}`, async (app, tx) => {
    await tx.envVar.upsert({
      where: { appId_key: { appId: app.id, key } },
      create: { appId: app.id, key, value: encryptSecret(value) },
      update: { value: encryptSecret(value) },
    });
  });
}

export async function deleteEnv(actor: Actor, name: string, key: string): Promise<EnvChangeResult> {
  return change(actor, name, `Remove ${key}`, async (app, tx) => {
    const { count } = await tx.envVar.deleteMany({ where: { appId: app.id, key } });
    if (count === 0) throw notFound(`Env var ${key}`);
  });
}

/**
 * The change and the release that carries it in one transaction: new release from the live
 * release's image with the app's env as it is now. No live release yet → stored only; the
 * next build's release picks it up.
 */
async function change(
  actor: Actor,
  name: string,
  description: string,
  apply: (app: App, tx: Tx) => Promise<void>,
): Promise<EnvChangeResult> {
  const app = await findAppForActor(actor, name, 'write');
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${app.id} FOR UPDATE`;
    await apply(app, tx);
    await recordEvent({ kind: 'env.change', message: `${description} on ${app.name}`, appId: app.id, appName: app.name, actor }, tx);
    const fresh = await tx.app.findUniqueOrThrow({ where: { id: app.id }, include: { currentRelease: true } });
    const base = fresh.currentRelease;
    if (!base) return { releaseId: null, deploymentId: null, version: null };
    const { release, deploymentId } = await createRelease(
      {
        appId: app.id,
        buildId: base.buildId,
        imageTag: base.imageTag,
        commitSha: base.commitSha,
        commitMessage: base.commitMessage,
        commitAuthor: base.commitAuthor,
        env: { plain: await readEnv(app.id, tx) },
        processTypes: base.processTypes as Record<string, string>,
        healthcheck: (base.healthcheck ?? null) as Prisma.InputJsonValue | null,
        formation: (base.formation ?? null) as Prisma.InputJsonValue | null,
        description,
        createdById: actor.id,
      },
      tx,
    );
    return { releaseId: release.id, deploymentId, version: release.version };
  });
  if (result.deploymentId) await enqueueDeploy(result.deploymentId);
  return result;
}
