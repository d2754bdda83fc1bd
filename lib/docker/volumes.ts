import type Docker from 'dockerode';
import { withTimeout } from './connect';
import { statusCodeOf } from './containers';
import { berthLabels, installationLabelFilter, LABEL } from './labels';

/**
 * Named Docker volumes of app instances (lib/volumes). Only named volumes, never host bind
 * mounts: the engine owns the directory, which also holds under `dockerd --userns-remap`.
 */
export type VolumeMount = { dockerName: string; path: string };

const CALL_TIMEOUT_MS = 30_000;
/** The one-off that hands a fresh volume to the image's user; `chown` of one directory. */
const PREPARE_TIMEOUT_MS = 60_000;

/** `Mounts` entries for a container spec (pure). */
export function volumeMounts(volumes: readonly VolumeMount[]): Docker.MountSettings[] {
  return volumes.map((v) => ({ Type: 'volume' as const, Source: v.dockerName, Target: v.path, ReadOnly: false }));
}

/**
 * Creates the volume on this engine unless it exists. A new one is handed to the user the image
 * runs as (`chown <user> <path>` in a short root container with only CAP_CHOWN and no network):
 * a directory that is not in the image would otherwise be created root-owned and the non-root
 * app could not write to it. If that step fails the empty volume is removed again, so a retried
 * deploy starts over. Returns whether it was created now.
 */
export async function ensureVolume(
  docker: Docker,
  volume: VolumeMount & { appId: string; app: string; image: string },
): Promise<boolean> {
  const existing = await withTimeout(docker.getVolume(volume.dockerName).inspect(), CALL_TIMEOUT_MS, 'docker volume inspect').catch(
    (error) => {
      if (statusCodeOf(error) === 404) return null;
      throw error;
    },
  );
  if (existing) return false;
  await withTimeout(
    docker.createVolume({
      Name: volume.dockerName,
      Driver: 'local',
      Labels: { ...berthLabels({ app: volume.app, appId: volume.appId }), [LABEL.volume]: volume.path },
    }),
    CALL_TIMEOUT_MS,
    'docker volume create',
  );
  try {
    await handToImageUser(docker, volume);
  } catch (error) {
    await removeVolume(docker, volume.dockerName).catch(() => undefined);
    throw error;
  }
  return true;
}

async function handToImageUser(docker: Docker, volume: VolumeMount & { image: string }): Promise<void> {
  const image = await withTimeout(docker.getImage(volume.image).inspect(), CALL_TIMEOUT_MS, 'docker image inspect');
  const user = image.Config?.User?.trim();
  if (!user || user === 'root' || user === '0' || user.startsWith('0:')) return; // root owns it already
  const container = await withTimeout(
    docker.createContainer({
      Image: volume.image,
      User: '0:0',
      Entrypoint: ['chown'],
      // argv, no shell; `--` ends options, the user comes from the image, the path is validated.
      Cmd: ['--', user, volume.path],
      Labels: berthLabels({}),
      HostConfig: {
        Mounts: volumeMounts([volume]),
        NetworkMode: 'none',
        CapDrop: ['ALL'],
        CapAdd: ['CHOWN'],
        SecurityOpt: ['no-new-privileges'],
        AutoRemove: false,
      },
    }),
    CALL_TIMEOUT_MS,
    'docker create (volume owner)',
  );
  try {
    await withTimeout(container.start(), CALL_TIMEOUT_MS, 'docker start (volume owner)');
    const result = (await withTimeout(container.wait(), PREPARE_TIMEOUT_MS, 'chown of a new volume')) as { StatusCode: number };
    if (result.StatusCode !== 0) throw new Error(`could not give ${volume.path} to user ${user} (chown exit ${result.StatusCode})`);
  } finally {
    await withTimeout(container.remove({ force: true }), CALL_TIMEOUT_MS, 'docker rm (volume owner)').catch(() => undefined);
  }
}

/** Removes a volume and its data; a missing one is fine. Throws 409 (statusCode) while a container uses it. */
export async function removeVolume(docker: Docker, dockerName: string): Promise<void> {
  await withTimeout(docker.getVolume(dockerName).remove(), CALL_TIMEOUT_MS, 'docker volume rm').catch((error) => {
    if (statusCodeOf(error) !== 404) throw error;
  });
}

/** This installation's app volumes on the engine (all apps, or one). */
export async function listAppVolumes(docker: Docker, opts: { appId?: string } = {}): Promise<{ dockerName: string; appId: string }[]> {
  const filters = { label: [...installationLabelFilter({ appId: opts.appId }), LABEL.volume] };
  const { Volumes } = await withTimeout(docker.listVolumes({ filters }), CALL_TIMEOUT_MS, 'docker volume ls');
  return (Volumes ?? []).map((v) => ({ dockerName: v.Name, appId: v.Labels?.[LABEL.appId] ?? '' }));
}
