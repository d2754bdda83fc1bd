import { db, type Build, type BuildTrigger, type Tx } from '../db';

export type CreateBuildInput = {
  appId: string;
  commitSha: string;
  commitMessage?: string | null;
  commitAuthor?: string | null;
  branch?: string;
  trigger: BuildTrigger;
  createdById?: string | null;
  deployAfter?: boolean;
};

/**
 * Inserts a QUEUED build (next per-app number), cancelling that app's older QUEUED builds
 * (newest push supersedes). Runs inside `tx` when given; the caller enqueues the job with
 * enqueueBuild(build.id) (lib/builds/build-job) after the transaction commits.
 */
export async function createBuild(input: CreateBuildInput, tx?: Tx): Promise<Build> {
  if (tx) return insert(input, tx);
  return db.$transaction((t) => insert(input, t));
}

async function insert(input: CreateBuildInput, tx: Tx): Promise<Build> {
  // Serialises numbering and superseding per app: concurrent pushes to one app queue up here.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('berth-build-app'), hashtext(${input.appId}))`;
  const last = await tx.build.findFirst({
    where: { appId: input.appId },
    orderBy: { number: 'desc' },
    select: { number: true },
  });
  const number = (last?.number ?? 0) + 1;
  // Not yet running: the worker skips rows that are no longer QUEUED when their job comes up.
  await tx.build.updateMany({
    where: { appId: input.appId, status: 'QUEUED' },
    data: { status: 'CANCELLED', error: `superseded by #${number}`, finishedAt: new Date() },
  });
  return tx.build.create({
    data: {
      appId: input.appId,
      number,
      commitSha: input.commitSha,
      commitMessage: input.commitMessage ?? null,
      commitAuthor: input.commitAuthor ?? null,
      branch: input.branch ?? 'main',
      trigger: input.trigger,
      createdById: input.createdById ?? null,
      deployAfter: input.deployAfter ?? true,
    },
  });
}
