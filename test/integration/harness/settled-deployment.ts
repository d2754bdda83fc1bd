import { db } from '../../../lib/db';

/** The deployment once the deploys worker finished it (SUCCEEDED or FAILED); throws after `timeoutMs`. */
export async function settledDeployment(deploymentId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    if (d.status === 'SUCCEEDED' || d.status === 'FAILED') return d;
    if (Date.now() > deadline) throw new Error(`deployment ${deploymentId} did not settle`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
