import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { conflict } from '../errors';
import { publishAppChanged } from '../events/progress';
import { recordEvent } from '../events/record-event';
import { enqueueBuild } from './build-job';
import { createBuild } from './create-build';

export type Redeployed = { buildId: string; number: number; commitSha: string };

/**
 * Redeploy: builds the commit of the app's latest build again and deploys it — the retry for a
 * failed build or deploy that otherwise needs a new push. A queued build is superseded as by a
 * push (createBuild). The apps list's row menu calls it (POST /api/apps/<name>/redeploy).
 */
export async function redeployApp(actor: Actor, name: string): Promise<Redeployed> {
  const app = await findAppForActor(actor, name, 'write');
  const latest = await db.build.findFirst({
    where: { appId: app.id },
    orderBy: { number: 'desc' },
    select: { commitSha: true, commitMessage: true, commitAuthor: true, branch: true },
  });
  if (!latest) throw conflict(`${app.name} has no commit to deploy yet: push one first`);
  const build = await db.$transaction(async (tx) => {
    const created = await createBuild(
      { appId: app.id, ...latest, trigger: 'MANUAL', createdById: actor.id },
      tx,
    );
    await recordEvent(
      {
        kind: 'app.redeploy',
        message: `Redeploy of ${latest.commitSha.slice(0, 7)} requested (build #${created.number})`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { buildId: created.id },
      },
      tx,
    );
    return created;
  });
  await enqueueBuild(build.id);
  await publishAppChanged(app.id);
  return { buildId: build.id, number: build.number, commitSha: build.commitSha };
}
