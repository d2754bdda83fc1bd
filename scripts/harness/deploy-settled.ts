import { db } from '../../lib/db';

/**
 * Waits until the app's latest deployment has finished — its tail too: the old instances retired
 * and the spare network for the next push made (lib/deploys/spare-network.ts), which run after
 * the release is already live. A developer's clone, edit and commit take longer than that tail;
 * a benchmark that pushes at once would measure the two deploys overlapping instead. Bounded.
 */
export async function waitDeploySettled(appName: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const latest = await db.deployment.findFirst({ where: { app: { name: appName } }, orderBy: { createdAt: 'desc' }, select: { finishedAt: true } });
    if (!latest || latest.finishedAt) return;
    if (Date.now() > deadline) throw new Error(`the last deployment of ${appName} did not finish within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
