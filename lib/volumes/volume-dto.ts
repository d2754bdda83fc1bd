import type { AppVolume, Host } from '../db';

/** A volume as the API and UI show it (no Prisma types past lib). */
export type VolumeDto = {
  id: string;
  path: string;
  /** The Docker volume's name on its host. */
  dockerName: string;
  /** The host holding the data; null until the first instance is placed after it was added. */
  host: string | null;
  createdAt: string;
};

export function toVolumeDto(volume: AppVolume & { host: Pick<Host, 'name'> | null }): VolumeDto {
  return {
    id: volume.id,
    path: volume.path,
    dockerName: volume.dockerName,
    host: volume.host?.name ?? null,
    createdAt: volume.createdAt.toISOString(),
  };
}
