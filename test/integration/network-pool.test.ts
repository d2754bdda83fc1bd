import { describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { inspectContainer } from '../../lib/docker/containers';
import { appNetworkName } from '../../lib/docker/networks';
import { fillNetworkPool } from '../../lib/deploys/network-pool';
import { poolHolderNameOf } from '../../lib/deploys/held-network';
import { reconcileOnce } from '../../lib/deploys/reconcile';
import { api } from '../../scripts/harness/berth-api';
import { waitForApp } from '../../scripts/harness/app-http';
import { randomAppName } from '../../scripts/harness/users';
import { useBerthStack } from './harness/berth-stack';

/**
 * Networks made ahead for new apps (lib/deploys/network-pool.ts): the pool fills to its size with
 * an app network and a holder publishing a reserved port; New app takes the entry's id, so the
 * network is its own, and its first instance starts joined to the holder; entries never finished
 * and holders no row claims are the reconciler's; deleting the app removes its holder and
 * network. Real Docker, nginx, PostgreSQL.
 */
describe('networks made ahead for new apps (real Docker)', () => {
  const stack = useBerthStack();
  const docker = localDocker();
  const networkExists = async (appId: string) =>
    docker
      .getNetwork(appNetworkName(appId))
      .inspect()
      .then(
        () => true,
        () => false,
      );

  it('New app takes a pooled network and starts joined to its holder; stale and orphan entries go', async () => {
    expect(await fillNetworkPool()).toBe(1); // BERTH_NEW_APP_NETWORKS defaults to 1
    expect(await fillNetworkPool()).toBe(0); // full
    const entry = await db.pooledNetwork.findFirstOrThrow();
    expect(entry.ready).toBe(true);
    expect(await networkExists(entry.id)).toBe(true);
    const holder = (await inspectContainer(docker, poolHolderNameOf(entry.id)))!;
    expect(holder.State.Running).toBe(true);
    expect(holder.Config.Labels?.['berth.holds']).toBe(entry.holderId);
    expect(holder.HostConfig.PortBindings?.['5000/tcp']?.[0]?.HostPort).toBe(String(entry.hostPort));

    const name = randomAppName('pool');
    const created = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'php' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    stack.apps.push(name);
    expect((await db.app.findUniqueOrThrow({ where: { name } })).id).toBe(entry.id);
    expect(await db.pooledNetwork.count()).toBe(0);
    expect((await waitForApp(name, (r) => r.status === 200 && r.body.includes('Hello from PHP'), { timeoutMs: 150_000 })).status).toBe(200);
    const live = await db.instance.findFirstOrThrow({ where: { appId: entry.id, status: 'RUNNING', processType: 'web' } });
    expect(live).toMatchObject({ id: entry.holderId, hostPort: entry.hostPort });
    const container = (await inspectContainer(docker, live.containerName))!;
    const taken = (await inspectContainer(docker, `${live.containerName}-net`))!;
    expect(taken.Id).toBe(holder.Id); // the pooled holder, renamed
    expect(container.HostConfig.NetworkMode).toBe(`container:${holder.Id}`);
    expect(await inspectContainer(docker, poolHolderNameOf(entry.id))).toBeNull();

    // An entry never finished (its maker died): holder, network and row go after a minute.
    expect(await fillNetworkPool()).toBe(1);
    const stale = await db.pooledNetwork.findFirstOrThrow();
    await db.pooledNetwork.update({ where: { id: stale.id }, data: { ready: false, createdAt: new Date(Date.now() - 120_000) } });
    expect((await reconcileOnce({ strayGraceMs: 0 })).removed).toContain(poolHolderNameOf(stale.id));
    expect(await inspectContainer(docker, poolHolderNameOf(stale.id))).toBeNull();
    expect(await networkExists(stale.id)).toBe(false);
    expect(await db.pooledNetwork.count()).toBe(0);

    // A holder whose row is gone is an orphan: it goes with its network.
    expect(await fillNetworkPool()).toBe(1);
    const orphan = await db.pooledNetwork.findFirstOrThrow();
    await db.pooledNetwork.delete({ where: { id: orphan.id } });
    expect((await reconcileOnce({ strayGraceMs: 0 })).removed).toContain(poolHolderNameOf(orphan.id));
    expect(await inspectContainer(docker, poolHolderNameOf(orphan.id))).toBeNull();
    expect(await networkExists(orphan.id)).toBe(false);

    // The app that took an entry still serves; deleting it removes its holder and network.
    expect((await waitForApp(name, (r) => r.status === 200, { timeoutMs: 10_000 })).status).toBe(200);
    const deleted = await api(stack.server.url, stack.user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`);
    expect(deleted.status).toBeLessThan(300);
    expect(await inspectContainer(docker, `${live.containerName}-net`)).toBeNull();
    expect(await networkExists(entry.id)).toBe(false);
  }, 300_000);
});
