import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { inspectContainer } from '../../lib/docker/containers';
import { prepareSpareNetwork, spareNameOf, sweepSpares } from '../../lib/deploys/spare-network';
import { reconcileOnce } from '../../lib/deploys/reconcile';
import { sleepApp, wakeApp } from '../../lib/sleep/sleep-app';
import type { Actor } from '../../lib/auth/actor';
import { api } from '../../scripts/harness/berth-api';
import { waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { randomAppName } from '../../scripts/harness/users';
import { useBerthStack } from './harness/berth-stack';
import { settledDeployment } from './harness/settled-deployment';

/**
 * A live release leaves a network made for the app's next web instance (lib/deploys/spare-network.ts):
 * a push's new instance takes the spare's port and id and starts joined to it, its holder renamed to
 * `<container>-net`; the old instance goes with its holder, and a new spare is made. A spare whose
 * row is gone is an orphan for the reconciler; sleep removes the spare and keeps the joined
 * container as it is. Real git push, Docker, nginx.
 */
describe('spare network for a push (real git, Docker, nginx)', () => {
  const stack = useBerthStack();

  it('a pushed release starts joined to the network made after the last deploy; orphan and sleeping spares go', async () => {
    const name = randomAppName('spare');
    const created = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'php' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    stack.apps.push(name);
    expect((await waitForApp(name, (r) => r.status === 200 && r.body.includes('Hello from PHP'), { timeoutMs: 150_000 })).status).toBe(200);
    const app = await db.app.findUniqueOrThrow({ where: { name } });
    const docker = localDocker();

    const work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
    const push = async (marker: string) => {
      const file = path.join(work, 'index.php');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/Hello from PHP|Spare \w+/, marker));
      await runGit(['commit', '-qam', marker], { cwd: work });
      const pushed = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 170_000 });
      expect(pushed.code, pushed.stderr).toBe(0);
      expect((await waitForApp(name, (r) => r.status === 200 && r.body.includes(marker), { timeoutMs: 30_000 })).status).toBe(200);
      return db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING', processType: 'web' }, orderBy: { createdAt: 'desc' } });
    };

    // The new app's first deploy left a spare for the first push, and each push one for the next.
    for (const marker of ['Spare one', 'Spare two']) {
      const before = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
      const live = await push(marker);
      expect(live.id).not.toBe(before.id);
      const container = (await inspectContainer(docker, live.containerName))!;
      const holder = (await inspectContainer(docker, `${live.containerName}-net`))!;
      expect(holder, 'the new instance has a holder').not.toBeNull();
      expect(container.HostConfig.NetworkMode).toBe(`container:${holder.Id}`);
      expect(holder.Config.Labels?.['berth.holds']).toBe(live.id);
      expect(holder.HostConfig.PortBindings?.['5000/tcp']?.[0]?.HostPort).toBe(String(live.hostPort));
      // Made once the old instance is retired, after the push returned.
      await expect.poll(async () => (await db.spareNetwork.findUnique({ where: { appId: app.id } }))?.ready, { timeout: 30_000 }).toBe(true);
      const next = await db.spareNetwork.findUniqueOrThrow({ where: { appId: app.id } });
      expect(next).toMatchObject({ ready: true, hostId: live.hostId });
      expect(next.hostPort).not.toBe(live.hostPort);
      expect((await inspectContainer(docker, spareNameOf(name)))?.Config.Labels?.['berth.holds']).toBe(next.id);
      // The old instance went, and with it its holder (the second push's old one was joined).
      for (const gone of [before.containerName, `${before.containerName}-net`])
        await expect.poll(async () => (await inspectContainer(docker, gone)) === null, { timeout: 30_000 }).toBe(true);
    }

    await prepareSpareNetwork(app.id); // idempotent: still one
    expect(await db.spareNetwork.count({ where: { appId: app.id } })).toBe(1);
    expect(await sweepSpares({ now: Date.now() + 3_600_000 })).toEqual([]); // a running app keeps it

    // A spare whose row is gone is an orphan: the reconciler removes it; the app keeps serving.
    await db.spareNetwork.deleteMany({ where: { appId: app.id } });
    const report = await reconcileOnce({ strayGraceMs: 0 });
    expect(report.removed).toContain(spareNameOf(name));
    expect(await inspectContainer(docker, spareNameOf(name))).toBeNull();
    const live = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
    expect((await inspectContainer(docker, `${live.containerName}-net`))?.State.Running).toBe(true);
    expect((await waitForApp(name, (r) => r.status === 200 && r.body.includes('Spare two'), { timeoutMs: 10_000 })).status).toBe(200);

    // Sleep keeps the joined container and the holder it took as they are; the wake starts it.
    const holderBefore = (await inspectContainer(docker, `${live.containerName}-net`))!;
    await prepareSpareNetwork(app.id);
    expect(await db.spareNetwork.count({ where: { appId: app.id } })).toBe(1);
    expect((await settledDeployment((await sleepApp(admin, name)).deploymentId)).status).toBe('SUCCEEDED');
    const kept = (await inspectContainer(docker, live.containerName))!;
    expect(kept.State.Running).toBe(false);
    expect(await db.spareNetwork.count({ where: { appId: app.id } })).toBe(0);
    expect(await inspectContainer(docker, spareNameOf(name))).toBeNull();
    expect(kept.HostConfig.NetworkMode).toBe(`container:${holderBefore.Id}`);
    expect((await inspectContainer(docker, `${live.containerName}-net`))?.State.Running).toBe(true);
    expect((await settledDeployment((await wakeApp(admin, name)).deploymentId)).status).toBe('SUCCEEDED');
    expect(await db.instance.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ status: 'RUNNING', containerId: kept.Id });
    expect((await waitForApp(name, (r) => r.status === 200 && r.body.includes('Spare two'), { timeoutMs: 10_000 })).status).toBe(200);
  }, 400_000);
});

const admin: Actor = { id: 'test-admin', email: 'admin@example.test', role: 'ADMIN' };
