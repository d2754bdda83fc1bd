import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueue } from '../deploys/request-deployment';
import { rolloutForVolumes } from './roll-out';

/**
 * DELETE /api/apps/<name>/volumes/<id>?confirm=<path>: the data is destroyed, so the volume's
 * path must be typed back. The row goes at once and the app is rolled out without the mount;
 * the reconciler removes the Docker volume once no container mounts it any more
 * (lib/deploys/stray-volumes.ts). The last volume gone unpins the app.
 */
export async function removeVolume(actor: Actor, name: string, volumeId: string, confirm: string): Promise<{ deploymentId: string | null }> {
  const app = await findAppForActor(actor, name, 'write');
  const volume = await db.appVolume.findFirst({ where: { id: volumeId, appId: app.id } });
  if (!volume) throw notFound('Volume');
  if (confirm !== volume.path)
    throw new AppError('BAD_REQUEST', `Type the volume's path to confirm: its data is deleted`, { confirm: `Type "${volume.path}" to confirm` });
  const deploymentId = await db.$transaction(async (tx) => {
    await tx.appVolume.delete({ where: { id: volume.id } });
    const id = await rolloutForVolumes(tx, app, actor);
    await recordEvent(
      { kind: 'app.volume.remove', message: `Removed volume ${volume.path} from ${app.name} (data deleted)`, appId: app.id, appName: app.name, actor, data: { path: volume.path, deploymentId: id } },
      tx,
    );
    return id;
  });
  if (deploymentId) await enqueue(deploymentId);
  return { deploymentId };
}
