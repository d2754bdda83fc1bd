import { AppError } from '../errors';
import type { Build, BuildTrigger, Tx } from '../db';

// STUB — owned by the templates/builds work.
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
 * lib/queue enqueueBuild(build.id) after the transaction commits.
 */
export async function createBuild(_input: CreateBuildInput, _tx?: Tx): Promise<Build> {
  throw new AppError('INTERNAL', 'builds not implemented yet');
}
