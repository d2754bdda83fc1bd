import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { conflict, notFound } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueueBuild } from './build-job';
import { createBuild } from './create-build';

/** POST /api/apps/<name>/builds {build?} — no build: the default branch's head ("Deploy latest"). */
export const ZRequestBuild = z.object({ build: z.coerce.number().int().min(1).optional() }).strict();
export type RequestBuild = z.infer<typeof ZRequestBuild>;

/**
 * A build started from the UI (trigger MANUAL) that deploys when it succeeds: of the branch head
 * Berth last recorded (push, webhook or the starter commit), or again of an earlier build's commit
 * (Retry after a failed build). It supersedes a queued build like a push does.
 */
export async function requestBuild(actor: Actor, name: string, input: RequestBuild = {}): Promise<{ buildId: string; number: number }> {
  const app = await findAppForActor(actor, name, 'write');
  let commit: { sha: string; message: string | null; author: string | null };
  let branch = app.defaultBranch;
  if (input.build) {
    const earlier = await db.build.findUnique({ where: { appId_number: { appId: app.id, number: input.build } } });
    if (!earlier) throw notFound(`Build #${input.build}`);
    commit = { sha: earlier.commitSha, message: earlier.commitMessage, author: earlier.commitAuthor };
  } else {
    const repo = await db.repository.findUnique({ where: { appId: app.id } });
    if (!repo?.headCommit) throw conflict('The repository has no commit yet: push one first');
    branch = repo.defaultBranch;
    const known = await db.build.findFirst({ where: { appId: app.id, commitSha: repo.headCommit }, orderBy: { number: 'desc' } });
    commit = { sha: repo.headCommit, message: known?.commitMessage ?? null, author: known?.commitAuthor ?? null };
  }
  const build = await createBuild({
    appId: app.id,
    commitSha: commit.sha,
    commitMessage: commit.message,
    commitAuthor: commit.author,
    branch,
    trigger: 'MANUAL',
    createdById: actor.id,
    deployAfter: true,
  });
  await recordEvent({
    kind: 'build.manual',
    message: `${input.build ? `Retrying build #${input.build}` : 'Deploying the latest commit'} (${commit.sha.slice(0, 7)}) as build #${build.number}`,
    appId: app.id,
    appName: app.name,
    actor,
    data: { buildId: build.id, commit: commit.sha },
  });
  await enqueueBuild(build.id);
  return { buildId: build.id, number: build.number };
}
