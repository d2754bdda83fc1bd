import { db } from '../db';
import { listBerthContainers, removeContainer, stopContainer } from '../docker/containers';
import { describeError } from '../errors';
import { dockerForHost } from '../docker/host-client';
import { removeAppNetwork } from '../docker/networks';
import { listAppVolumes, removeVolume } from '../docker/volumes';
import { syncProxy } from '../proxy/sync-proxy';

/**
 * Removes everything an app runs, before its rows are deleted (APPS' delete): every container
 * labelled with the app on every host (found by label, so strays go too), its instances freed,
 * its named volumes with their data (after the containers that mount them), and the proxy
 * rewritten without it. Call it, delete the App row, then `syncProxy()` once more
 * (or let the reconciler notice) so the server block disappears. Idempotent.
 */
export async function teardownApp(appId: string): Promise<void> {
  const app = await db.app.findUnique({ where: { id: appId }, select: { id: true, name: true } });
  if (!app) return;
  await db.app.update({ where: { id: appId }, data: { desiredState: 'STOPPED' } });
  await db.instance.updateMany({ where: { appId, status: { not: 'STOPPED' } }, data: { status: 'STOPPING' } });
  await syncProxy().catch((e) => console.warn(`[teardown] proxy: ${describeError(e)}`));

  const hosts = await db.host.findMany({ where: { status: { not: 'UNREACHABLE' } } });
  await Promise.all(
    hosts.map(async (host) => {
      try {
        const docker = dockerForHost(host);
        const containers = await listBerthContainers(docker, { appId: app.id });
        await Promise.all(
          containers.map(async (c) => {
            await stopContainer(docker, c.Id, 5).catch(() => undefined);
            await removeContainer(docker, c.Id).catch(() => undefined);
          }),
        );
        await removeAppNetwork(docker, app.id);
        for (const volume of await listAppVolumes(docker, { appId: app.id })) await removeVolume(docker, volume.dockerName);
      } catch (error) {
        console.warn(`[teardown] ${app.name} on ${host.name}: ${describeError(error)}`);
      }
    }),
  );
  await db.instance.updateMany({ where: { appId }, data: { status: 'STOPPED', stoppedAt: new Date() } });
}
