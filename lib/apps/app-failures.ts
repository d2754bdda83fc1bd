import { db } from '../db';

/**
 * Why each app's latest build or deploy failed, in one sentence (for the apps list's hover and
 * the command palette): "Build #4 failed at docker build: …" or "v5 failed: …". Only the newest
 * attempt counts — once a later build or release succeeds the failure is history, not state.
 * Callers pass app ids the actor may see.
 */
export async function latestFailures(appIds: string[]): Promise<Record<string, string>> {
  if (appIds.length === 0) return {};
  const [builds, releases] = await Promise.all([
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
  ]);
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
  return out;
}
