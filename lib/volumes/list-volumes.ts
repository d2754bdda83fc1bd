import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { toVolumeDto, type VolumeDto } from './volume-dto';

/** GET /api/apps/<name>/volumes: the app's volumes, by path. */
export async function listVolumes(actor: Actor, name: string): Promise<{ volumes: VolumeDto[] }> {
  const app = await findAppForActor(actor, name, 'read');
  const rows = await db.appVolume.findMany({ where: { appId: app.id }, include: { host: { select: { name: true } } }, orderBy: { path: 'asc' } });
  return { volumes: rows.map(toVolumeDto) };
}
