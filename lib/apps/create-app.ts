import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { createBuild } from '../builds/create-build';
import { encryptSecret } from '../crypto/secret-box';
import { db, Prisma, type Template } from '../db';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import { publishProgress } from '../events/progress';
import { initStarterRepo } from '../git/starter-commit';
import { repoDir, repoRelativePath } from '../git/repo-path';
import { enqueueBuild } from '../builds/build-job';
import { recordTakenSpare, takePooledNetwork } from '../deploys/network-pool';
import { starterCommitMessage } from '../templates/starter';
import { appUrl, appHostname, gitUrl } from '../model/app-url';
import { appNameProblem } from '../model/app-names';
import { TIER_NAMES, tierFromName } from '../model/tiers';
import { STARTER_NAMES, STARTER_NAME_LIST, type StarterName } from '../model/templates';


/** Body of POST /api/apps. Name problems come back as a per-field message. */
export const ZCreateApp = z.object({
  name: z.string({ error: 'Name is required' }).superRefine((name, ctx) => {
    const problem = appNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  template: z.enum(STARTER_NAMES, { error: `Template must be one of ${STARTER_NAME_LIST}` }),
  tier: z.enum(TIER_NAMES, { error: 'Tier must be small, medium or large' }).default('small'),
  /** Web instances; left out = the formation's default (1, or app.json's `formation`). */
  instances: z.coerce.number().int().min(1, 'At least 1 instance').max(10, 'At most 10 instances').optional(),
});
export type CreateApp = z.infer<typeof ZCreateApp>;

export type CreatedApp = {
  id: string;
  name: string;
  template: StarterName;
  gitUrl: string;
  url: string;
  status: 'building';
  buildId: string;
};

const DEFAULT_BRANCH = 'main';

/**
 * One click: the app, its owner membership, a bare repository seeded with the template's
 * starter code, its route and its first build — then the build is queued.
 *
 * Order matters so that nothing stays half-created: the repository is written first (it needs
 * the commit sha the build row records); if the transaction then fails the directory is removed,
 * and a name already taken never touches the existing repository (mkdir fails before anything).
 */
export async function createApp(actor: Actor, input: CreateApp): Promise<CreatedApp> {
  const { name } = input;
  const template = input.template.toUpperCase() as Template;
  if (await db.app.findUnique({ where: { name }, select: { id: true } })) {
    throw new AppError('CONFLICT', `An app named "${name}" already exists`, { name: 'This name is taken' });
  }

  const gitdir = repoDir(name);
  let commitSha: string;
  try {
    ({ commitSha } = await initStarterRepo(gitdir, input.template, DEFAULT_BRANCH));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError('CONFLICT', `An app named "${name}" already exists`, { name: 'This name is taken' });
    }
    throw error;
  }

  let created: { appId: string; buildId: string };
  try {
    created = await db.$transaction(async (tx) => {
      // A network made ahead (lib/deploys/network-pool.ts): the app takes its id, and with it
      // the network and a holder its first instance starts joined to.
      const pooled = await takePooledNetwork(tx);
      const app = await tx.app.create({
        data: {
          ...(pooled ? { id: pooled.appId } : {}),
          name,
          template,
          tier: tierFromName(input.tier),
          ...(input.instances !== undefined
            ? { formation: { create: { processType: 'web', quantity: input.instances } } }
            : {}),
          createdById: actor.id,
          defaultBranch: DEFAULT_BRANCH,
          webhookSecret: encryptSecret(randomBytes(24).toString('hex')),
          members: { create: { userId: actor.id, role: 'OWNER' } },
          repository: { create: { path: repoRelativePath(name), defaultBranch: DEFAULT_BRANCH, headCommit: commitSha } },
          routes: { create: { hostname: appHostname(name), kind: 'DEFAULT' } },
        },
      });
      if (pooled) await recordTakenSpare(tx, pooled);
      const build = await createBuild(
        {
          appId: app.id,
          commitSha,
          commitMessage: starterCommitMessage(input.template),
          commitAuthor: 'Berth',
          branch: DEFAULT_BRANCH,
          trigger: 'CREATE',
          createdById: actor.id,
          deployAfter: true,
        },
        tx,
      );
      await recordEvent(
        {
          kind: 'app.create',
          message: `Created app ${name} (${input.template}, ${input.tier})`,
          appId: app.id,
          appName: name,
          actor,
          data: { template: input.template, tier: input.tier, instances: input.instances },
        },
        tx,
      );
      return { appId: app.id, buildId: build.id };
    });
  } catch (error) {
    await rm(gitdir, { recursive: true, force: true });
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('CONFLICT', `An app named "${name}" already exists`, { name: 'This name is taken' });
    }
    throw error;
  }

  await publishProgress(created.appId, {
    step: 'repository',
    status: 'done',
    message: `Repository ${name}.git created`,
  });
  // The build row is committed; if Redis is briefly down the build stays QUEUED and the
  // builds worker's startup sweep picks it up, so the app is never half-created.
  await enqueueBuild(created.buildId).catch((error) => console.error('[apps] enqueue build failed', error));

  return {
    id: created.appId,
    name,
    template: input.template,
    gitUrl: gitUrl(name),
    url: appUrl(name),
    status: 'building',
    buildId: created.buildId,
  };
}
