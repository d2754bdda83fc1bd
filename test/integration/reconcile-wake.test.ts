import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, type Event } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { listenForReconcileRequests, reconcileChannel, requestReconcile } from '../../lib/deploys/request-reconcile';
import { redis } from '../../lib/redis';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, viaProxy } from './deploy-helpers';
import { waitFor } from './support/wait-for';

/**
 * Reconcile on container death, end to end with the real worker modules in this process: the
 * observer's Docker event watcher sees an instance's `die` and wakes the reconcile loop, which
 * restarts the container. The loop's own timer is set to 10 minutes, so only the wake-up can
 * explain a pass within a second. Time is measured from Docker's timestamp of the die event to
 * the start of the reconcile pass (recorded by a pass-through wrapper around reconcileOnce), not
 * by sleeping; the restart itself then takes as long as Docker needs to start a container.
 */
const passStarts = vi.hoisted(() => [] as number[]);
vi.mock('../../lib/deploys/reconcile', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../lib/deploys/reconcile')>();
  return {
    ...real,
    reconcileOnce: (...args: Parameters<typeof real.reconcileOnce>) => {
      passStarts.push(Date.now());
      return real.reconcileOnce(...args);
    },
  };
});

const run = promisify(execFile);
let stopWorkers: (() => Promise<void>) | undefined;

beforeAll(buildTestImage);
afterAll(async () => {
  await stopWorkers?.();
  await cleanupInstallation();
});

const nanoOf = (e: Event) => BigInt((e.data as { timeNano: string }).timeNano);

describe('reconcile on container death', () => {
  it('runs a reconcile pass within a second of an instance container dying (docker kill) and restarts it', async () => {
    stopWorkers = await startWorkers(['hosts', 'reconcile', 'observe'], { reconcile: { intervalMs: 10 * 60_000 } });
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });
    const instance = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
    // The observer follows the engine's events: it recorded this instance's start.
    await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.start' } }), 30_000, 'the observer to record the start');

    const passesBefore = passStarts.length;
    await run('docker', ['kill', instance.containerName]);
    const die = await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.die' } }), 30_000, 'die event');
    const restart = await waitFor(
      async () =>
        (await db.event.findMany({ where: { appId: app.id, kind: 'container.start' } })).find((e) => nanoOf(e) > nanoOf(die)),
      30_000,
      'the container to start again',
    );
    console.log(`[trace] die at ${Number(nanoOf(die)) / 1e6}`);
    const dieMs = Number(nanoOf(die)) / 1e6; // Docker's clock: the same host clock as Date.now()
    const pass = passStarts.slice(passesBefore).find((t) => t >= dieMs);
    expect(pass).toBeDefined();
    const toPass = pass! - dieMs;
    const toStart = Number(nanoOf(restart) - nanoOf(die)) / 1e6;
    console.log(`[reconcile-wake] die → reconcile pass ${toPass.toFixed(0)} ms; die → restarted container running ${toStart.toFixed(0)} ms`);
    expect(toPass).toBeLessThan(1_000);

    // Restarted by the reconciler (a manual start), not by Docker's restart policy; healthy again.
    const info = await localDocker().getContainer(instance.containerName).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.RestartCount).toBe(0);
    await waitFor(async () => (await db.instance.findUniqueOrThrow({ where: { id: instance.id } })).status === 'RUNNING', 30_000, 'RUNNING');
    expect((await viaProxy(app.name)).body).toContain('version=1');
  });

  it('a request reaches the loop in-process once, and from another process over Redis', async () => {
    const reasons: string[] = [];
    const listener = await listenForReconcileRequests((reason) => reasons.push(reason));
    try {
      await requestReconcile('own'); // in-process; its Redis echo is ignored
      await redis().publish(reconcileChannel(), JSON.stringify({ from: 'another-worker', reason: 'theirs' }));
      // Pub/sub keeps order: once 'theirs' arrived, the echo of 'own' (published first) was seen too.
      await waitFor(async () => reasons.includes('theirs'), 10_000, 'the other process request');
      expect(reasons).toEqual(['own', 'theirs']);
    } finally {
      listener.close();
    }
  });
});
