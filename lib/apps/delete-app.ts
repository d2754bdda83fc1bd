import { rm } from 'node:fs/promises';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { listImageIds, removeImage } from '../docker/images';
import { AppError, describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { publishAppChanged } from '../events/progress';
import { repoDir } from '../git/repo-path';
import { dockerForHost } from '../docker/host-client';
import { teardownApp } from '../deploys/teardown-app';
import { syncProxy } from '../proxy/sync-proxy';
import { config } from '../config';
import { findAppForActor } from '../auth/app-access';
import { removeAppAddons } from '../addons/remove-app-addons';
import { removeWarmJavac } from '../builds/warm-javac/compiler-container';

export const ZDeleteApp = z.object({ confirm: z.string({ error: 'Type the app name to confirm' }) });

/**
 * Deletes an app for good: its add-ons (a final backup each, kept under the data directory, then
 * container and volume: lib/addons/remove-app-addons.ts), containers on every host (DEPLOYS'
 * teardownApp, by label), its routes (then the proxy is re-synced), its repository directory and
 * images, and the rows.
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
  // Add-ons first, while their servers run: a final backup each, then container and volume.
  const addons = await removeAppAddons(app.id);
  problems.push(...addons.problems);
  await teardownApp(app.id); // DEPLOYS: containers on every host, instances, proxy
  await removeImages(app.name, problems);
  await db.$transaction(async (tx) => {
    await tx.app.delete({ where: { id: app.id } });
    await recordEvent(
      {
        kind: 'app.delete',
        message: `Deleted app ${app.name}`,
        appId: app.id,
        appName: app.name,
        actor,
        data: {
          ...(problems.length ? { problems } : {}),
          ...(addons.finalBackups.length ? { addonFinalBackups: addons.finalBackups } : {}),
          ...(addons.keptVolumes.length ? { addonVolumesKept: addons.keptVolumes } : {}),
        },
      },
      tx,
    );
  });
  // After the row: a warm javac started meanwhile (a build's delayed start) checks the row first.
  await removeWarmJavac(app.name).catch((error) => console.error(`[apps] ${app.name}: warm javac: ${describeError(error)}`));
  await publishAppChanged(app.id); // the apps list drops the row at once
  await syncProxy().catch((error) => console.error('[apps] proxy sync after delete failed', describeError(error)));
  await rm(repoDir(app.name), { recursive: true, force: true });
}

/** Images built for the app (berth/<name>:<sha>, also under the registry prefix) on every host. */
async function removeImages(appName: string, problems: string[]): Promise<void> {
  const hosts = await db.host.findMany({ where: { status: { not: 'UNREACHABLE' } } });
  const registry = config().BERTH_REGISTRY;
  for (const host of hosts) {
    try {
      const docker = dockerForHost(host);
      for (const id of await listImageIds(docker, [`berth/${appName}`, `${registry}/berth/${appName}`])) {
        await removeImage(docker, id, 30_000).catch((error) => problems.push(`${host.name}: image ${id}: ${describeError(error)}`));
      }
    } catch (error) {
      problems.push(`${host.name}: ${describeError(error)}`);
    }
  }
}
