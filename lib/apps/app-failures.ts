import { db } from '../db';
import { unresolvedFailedOperations } from '../deploys/failed-operations';

/**
 * Why each app's latest build or deploy failed, in one sentence (for the apps list's hover and
 * the command palette): "Build #4 failed at docker build: …", "v5 failed: …" or "Scale web=9
 * failed at placement: …". Only the newest attempt counts — once a later build or release (or,
 * for an operation, any later deployment) succeeds the failure is history, not state. Callers
 * pass app ids the actor may see.
 */
export async function latestFailures(appIds: string[]): Promise<Record<string, string>> {
  if (appIds.length === 0) return {};
  const [builds, releases, operations] = await Promise.all([
    db.build.findMany({
      where: { appId: { in: appIds } },
      distinct: ['appId'],
      orderBy: [{ appId: 'asc' }, { number: 'desc' }],
      select: { appId: true, number: true, status: true, failedStep: true, error: true, createdAt: true },
    }),
    db.release.findMany({
      where: { appId: { in: appIds } },
      distinct: ['appId'],
      orderBy: [{ appId: 'asc' }, { version: 'desc' }],
      select: { appId: true, version: true, status: true, failureReason: true, createdAt: true },
    }),
    unresolvedFailedOperations(appIds),
  ]);
  const buildOf = new Map(builds.map((b) => [b.appId, b]));
  const out: Record<string, string> = {};
  const releaseOf = new Map(releases.map((r) => [r.appId, r]));
  for (const b of builds) {
    const release = releaseOf.get(b.appId);
    // A release newer than the build (rollback, env change) decides instead.
    if (b.status === 'FAILED' && !(release && release.createdAt > b.createdAt)) {
      out[b.appId] = `Build #${b.number} failed${b.failedStep ? ` at ${b.failedStep}` : ''}: ${b.error ?? 'no reason recorded'}`;
    }
  }
  for (const r of releases) {
    if (r.status === 'FAILED' && !out[r.appId]) out[r.appId] = `v${r.version} failed: ${r.failureReason ?? 'no reason recorded'}`;
  }
  // A failed scale or restart newer than the build and release above speaks instead.
  for (const [appId, op] of operations) {
    const newer = [buildOf.get(appId)?.createdAt, releaseOf.get(appId)?.createdAt].every((at) => !at || op.createdAt >= at);
    if (newer) out[appId] = `${op.label} failed${op.failedStep ? ` at ${op.failedStep}` : ''}: ${op.reason ?? 'no reason recorded'}`;
  }
  return out;
}
