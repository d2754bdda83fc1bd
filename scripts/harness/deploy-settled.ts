import { db } from '../../lib/db';

/**
 * Waits until the app's latest deployment has finished — its tail too: the old instances retired
 * and the spare network for the next push made (lib/deploys/spare-network.ts), which run after
 * the release is already live (the spare even after the row finished). A developer's clone, edit and commit take longer than that tail;
 * a benchmark that pushes at once would measure the two deploys overlapping instead. Bounded.
 */
export async function waitDeploySettled(appName: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const latest = await db.deployment.findFirst({ where: { app: { name: appName } }, orderBy: { createdAt: 'desc' }, select: { finishedAt: true, kind: true } });
    if (!latest || (latest.finishedAt && latest.kind !== 'RELEASE')) return;
    // A release's job makes the spare after its row finished: up to SPARE_WAIT_MS more for it.
    if (latest.finishedAt) {
      const spare = await db.spareNetwork.findFirst({ where: { app: { name: appName } }, select: { ready: true } });
      if (spare?.ready || Date.now() - latest.finishedAt.getTime() > SPARE_WAIT_MS) return;
    }
    if (Date.now() > deadline) throw new Error(`the last deployment of ${appName} did not settle within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SPARE_WAIT_MS = 5_000;
