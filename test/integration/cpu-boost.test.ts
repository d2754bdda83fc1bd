import { describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { inspectContainer } from '../../lib/docker/containers';
import { setCpuLimit } from '../../lib/deploys/cpu-boost';
import { reconcileOnce } from '../../lib/deploys/reconcile';
import { sleepApp, wakeApp } from '../../lib/sleep/sleep-app';
import type { Actor } from '../../lib/auth/actor';
import { api } from '../../scripts/harness/berth-api';
import { waitForApp } from '../../scripts/harness/app-http';
import { randomAppName } from '../../scripts/harness/users';
import { useBerthStack } from './harness/berth-stack';
import { settledDeployment } from './harness/settled-deployment';

/**
 * Startup CPU boost (lib/deploys/cpu-boost.ts): a SMALL instance (0.5-core limit) starts with the
 * host's every core and is capped to 0.5 once healthy; a sleeping app's kept container is boosted
 * again for its wake; an instance left boosted (its starter died) is capped by the reconciler.
 * Real Docker, nginx, the PHP starter.
 */
describe('startup CPU boost (real Docker)', () => {
  const stack = useBerthStack();

  it('boots on every core, is capped once healthy, boosted again asleep, and the reconciler caps a leftover', async () => {
    const name = randomAppName('boost');
    const created = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'php' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    stack.apps.push(name);
    expect((await waitForApp(name, (r) => r.status === 200, { timeoutMs: 150_000 })).status).toBe(200);
    const app = await db.app.findUniqueOrThrow({ where: { name } });
    const docker = localDocker();
    const live = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING', processType: 'web' }, include: { host: true } });
    expect(live.cpuLimit).toBe(500);
    const boosted = live.host.cpuTotal * 1_000_000;
    expect(boosted).toBeGreaterThan(500_000_000); // this machine has 2 cores
    const nanoCpus = async () => (await inspectContainer(docker, live.containerName))?.HostConfig.NanoCpus;

    await expect.poll(nanoCpus, { timeout: 10_000 }).toBe(500_000_000);

    expect((await settledDeployment((await sleepApp(admin, name)).deploymentId)).status).toBe('SUCCEEDED');
    expect((await inspectContainer(docker, live.containerName))?.State.Running).toBe(false);
    expect(await nanoCpus()).toBe(boosted);
    expect((await settledDeployment((await wakeApp(admin, name)).deploymentId)).status).toBe('SUCCEEDED');
    expect(await db.instance.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ status: 'RUNNING' });
    await expect.poll(nanoCpus, { timeout: 10_000 }).toBe(500_000_000);

    // Left boosted by a process that died before its cap: the reconciler caps it once its window is over.
    await setCpuLimit(docker, live.containerName, live.host.cpuTotal);
    await db.instance.update({ where: { id: live.id }, data: { startedAt: new Date(Date.now() - 3_600_000) } });
    const report = await reconcileOnce();
    expect(report.capped).toContain(live.id);
    expect(await nanoCpus()).toBe(500_000_000);
    expect((await waitForApp(name, (r) => r.status === 200, { timeoutMs: 10_000 })).status).toBe(200);
  }, 300_000);
});

const admin: Actor = { id: 'test-admin', email: 'admin@example.test', role: 'ADMIN' };
