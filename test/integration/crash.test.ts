import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, viaProxy } from './deploy-helpers';
import { waitFor } from './support/wait-for';

/**
 * A crash injected for real: the app's process is SIGKILLed from the host (not `docker kill`,
 * which Docker treats as a deliberate stop), with the observer and reconcile loops running.
 * The instance becomes CRASHED with exit code 137 and an `instance.crashed` event, Docker's
 * restart policy brings it back, and it serves again (target 2 s, measured in docs/benchmarks.md; the test bounds it at 60 s).
 */
let stopWorkers: (() => Promise<void>) | undefined;
beforeAll(buildTestImage);
afterAll(async () => {
  await stopWorkers?.();
  await cleanupInstallation();
});

describe('crash of the only instance', () => {
  it('is marked CRASHED with its exit code and an event, and serves again soon after', async () => {
    stopWorkers = await startWorkers(['hosts', 'reconcile', 'observe']);
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });
    const instance = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
    const pid = (await localDocker().getContainer(instance.containerName).inspect()).State.Pid;

    const t0 = Date.now();
    process.kill(pid, 'SIGKILL');
    let served = 0;
    for (let i = 0; i < 1200 && !served; i++) {
      const res = await viaProxy(app.name).catch(() => null);
      if (res?.status === 200 && Date.now() - t0 > 50) served = Date.now() - t0;
      else await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`[crash] SIGKILL → serving again after ${served} ms`);
    expect(served).toBeGreaterThan(0);
    // The 2 s target is a figure for docs/benchmarks.md (Crash recovery), not an assertion: tests
    // check behaviour. Docker's policy restarts it and the crashed instance stays an upstream while
    // the app has none running (lib/proxy/sync-proxy.ts), so it serves again without a reload.
    expect(served).toBeLessThan(60_000);

    const event = await waitFor(
      () => db.event.findFirst({ where: { appId: app.id, kind: { in: ['instance.crashed', 'container.die'] } } }),
      30_000,
      'a crash event',
    );
    expect(event.message).toMatch(/137|crashed|exited/);
    const row = await waitFor(
      async () => {
        const r = await db.instance.findUniqueOrThrow({ where: { id: instance.id } });
        return r.exitCode === 137 && r.status === 'RUNNING' ? r : null;
      },
      30_000,
      'exit code recorded and RUNNING again',
    );
    expect(row.exitCode).toBe(137);
  }, 180_000);
});
