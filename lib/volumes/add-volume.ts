import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, Prisma } from '../db';
import { AppError, badRequest } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueue } from '../deploys/request-deployment';
import { pathsOverlap, volumePathProblem } from './volume-path';
import { rolloutForVolumes } from './roll-out';
import { toVolumeDto, type VolumeDto } from './volume-dto';

/** POST /api/apps/<name>/volumes {path} */
export const ZAddVolume = z.object({ path: z.string({ error: 'path is required, e.g. "/app/storage"' }) });
export type AddVolume = z.infer<typeof ZAddVolume>;

/** Enough for any app; each one is a mount and a pin, not a quota. */
export const MAX_VOLUMES_PER_APP = 10;

/**
 * Adds a named volume mounted at `path` in every instance of the app, from now on and across
 * deploys. The row comes first (the Docker volume is created on the host by the instance that
 * first mounts it, lib/deploys/instance-container.ts), and it joins the app's other volumes on
 * their host; the first volume is pinned by the next placement (lib/scheduler/volume-pin.ts).
 * A running app is rolled out so its instances mount it.
 */
export async function addVolume(actor: Actor, name: string, input: AddVolume): Promise<{ volume: VolumeDto; deploymentId: string | null }> {
  const app = await findAppForActor(actor, name, 'write');
  const problem = volumePathProblem(input.path);
  if (problem) throw badRequest(`Volume path ${problem}`, { path: problem });
  const result = await db
    .$transaction(async (tx) => {
      // Serialises volume changes of one app (path overlap check below, pin host copied).
      await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${app.id} FOR UPDATE`;
      const existing = await tx.appVolume.findMany({ where: { appId: app.id } });
      const overlap = existing.find((v) => pathsOverlap(v.path, input.path));
      if (overlap) throw badRequest(`Volume path overlaps the volume at ${overlap.path}`, { path: `overlaps ${overlap.path}` });
      if (existing.length >= MAX_VOLUMES_PER_APP) throw badRequest(`An app has at most ${MAX_VOLUMES_PER_APP} volumes`);
      const id = `vol${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
      const volume = await tx.appVolume.create({
        data: { id, appId: app.id, path: input.path, dockerName: `berth-vol-${id}`, hostId: existing.find((v) => v.hostId)?.hostId ?? null },
        include: { host: { select: { name: true } } },
      });
      const deploymentId = await rolloutForVolumes(tx, app, actor);
      await recordEvent(
        { kind: 'app.volume.add', message: `Added volume ${input.path} to ${app.name}`, appId: app.id, appName: app.name, actor, data: { path: input.path, deploymentId } },
        tx,
      );
      return { volume: toVolumeDto(volume), deploymentId };
    })
    .catch((error) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
        throw new AppError('CONFLICT', `${app.name} already has a volume at ${input.path}`);
      throw error;
    });
  if (result.deploymentId) await enqueue(result.deploymentId);
  return result;
}
