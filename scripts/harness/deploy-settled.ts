import { warmJavacReady } from '../../lib/builds/warm-javac/compiler-container';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';

/**
 * Waits until the app's latest deployment has finished — its tail too: the old instances retired
 * and the spare network for the next push made (lib/deploys/spare-network.ts), which run after
 * the release is already live (the spare even after the row finished); for a Java app, its warm
 * javac (lib/builds/warm-javac), started a few seconds after its build. A developer's clone, edit and commit take longer than that tail;
 * a benchmark that pushes at once would measure the two deploys overlapping instead. Bounded.
 */
export async function waitDeploySettled(appName: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await waitDeploysFinished(appName, deadline, timeoutMs);
  const app = await db.app.findUnique({ where: { name: appName }, select: { template: true } });
  if (app?.template !== 'JAVA' || config().BERTH_JAVA_COMPILER_IDLE_MINUTES === 0) return;
  while (!(await warmJavacReady(localDocker(), appName))) {
    if (Date.now() > deadline) throw new Error(`the warm javac of ${appName} was not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitDeploysFinished(appName: string, deadline: number, timeoutMs: number): Promise<void> {
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

/**
 * Waits until a network made ahead for New app is ready (lib/deploys/network-pool.ts), when the
 * pool is on: the leader makes one within seconds of the last deploy, while a developer reads the
 * previous app's page. Returns the ready entries' app ids (an app created next takes one of them).
 */
export async function waitNetworkPoolReady(timeoutMs = 30_000): Promise<string[]> {
  if (config().BERTH_NEW_APP_NETWORKS === 0) return [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await db.pooledNetwork.findMany({ where: { ready: true }, select: { id: true } });
    if (ready.length > 0) return ready.map((r) => r.id);
    if (Date.now() > deadline) throw new Error(`no network for a new app was ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
