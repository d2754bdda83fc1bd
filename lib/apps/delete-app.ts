import { rm } from 'node:fs/promises';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { LABEL, withTimeout } from '../docker/connect';
import { AppError, describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { repoDir } from '../git/repo-path';
import { dockerForHost } from '../hosts/docker-for-host';
import { syncProxy } from '../proxy/sync-proxy';
import { config } from '../config';
import { findAppForActor } from './access';

export const ZDeleteApp = z.object({ confirm: z.string({ error: 'Type the app name to confirm' }) });

/**
 * Deletes an app for good: containers on every host (found by label, so strays go too), its
 * routes (then the proxy is re-synced), its repository directory and images, and the rows.
 * The audit event outlives the app (Event has no foreign key).
 * `confirm` must equal the name: the API cannot delete by accident either.
 */
export async function deleteApp(actor: Actor, name: string, confirm: string): Promise<void> {
  const app = await findAppForActor(actor, name, 'write');
  if (confirm !== app.name) {
    throw new AppError('BAD_REQUEST', 'Type the app name to confirm', { confirm: `Type "${app.name}" to confirm` });
  }
  // Stop serving first: rows go (routes, instances cascade), then the proxy forgets the app.
  const problems: string[] = [];
  await db.app.update({ where: { id: app.id }, data: { desiredState: 'STOPPED' } });
  await removeContainersAndImages(app.id, app.name, problems);
  await db.$transaction(async (tx) => {
    await tx.app.delete({ where: { id: app.id } });
    await recordEvent(
      {
        kind: 'app.delete',
        message: `Deleted app ${app.name}`,
        appId: app.id,
        appName: app.name,
        actor,
        data: problems.length ? { problems } : {},
      },
      tx,
    );
  });
  await syncProxy().catch((error) => console.error('[apps] proxy sync after delete failed', describeError(error)));
  await rm(repoDir(app.name), { recursive: true, force: true });
}

async function removeContainersAndImages(appId: string, appName: string, problems: string[]): Promise<void> {
  const hosts = await db.host.findMany({ where: { status: { not: 'UNREACHABLE' } } });
  const installation = config().BERTH_INSTALLATION;
  for (const host of hosts) {
    try {
      const docker = dockerForHost(host);
      const containers = await docker.listContainers({
        all: true,
        filters: { label: [`${LABEL.installation}=${installation}`, `${LABEL.app}=${appName}`] },
      });
      for (const c of containers) {
        await withTimeout(docker.getContainer(c.Id).remove({ force: true }), 30_000, 'container removal').catch(
          (error) => problems.push(`${host.name}: container ${c.Names[0] ?? c.Id}: ${describeError(error)}`),
        );
      }
      const images = await docker.listImages({ filters: { reference: [`berth/${appName}`, `*/berth/${appName}`] } });
      for (const image of images) {
        await withTimeout(docker.getImage(image.Id).remove({ force: true }), 30_000, 'image removal').catch(
          (error) => problems.push(`${host.name}: image ${image.Id}: ${describeError(error)}`),
        );
      }
    } catch (error) {
      problems.push(`${host.name}: ${describeError(error)}`);
    }
  }
  void appId;
}
