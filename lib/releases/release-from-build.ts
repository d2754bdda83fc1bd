import { AppError } from '../errors';

// STUB — owned by the deploys work.
/**
 * Called by the build worker after a build SUCCEEDED with deployAfter: creates the next Release
 * (image, commit, encrypted env snapshot, Procfile process types, health check) and a RELEASE
 * Deployment, then enqueues the deploy. Idempotent per build (a retried call returns the same ids).
 */
export async function releaseFromBuild(_buildId: string): Promise<{ releaseId: string; deploymentId: string }> {
  throw new AppError('INTERNAL', 'deploys not implemented yet');
}
