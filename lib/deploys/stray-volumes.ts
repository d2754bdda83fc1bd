import { db, type Host } from '../db';
import { dockerForHost } from '../docker/host-client';
import { statusCodeOf } from '../docker/containers';
import { listAppVolumes, removeVolume } from '../docker/volumes';
import { describeError } from '../errors';

/**
 * Reconcile step: this installation's app volumes that no AppVolume row names any more (a volume
 * deleted through the API, an app deleted while a host was away) are removed with their data.
 * One still mounted by a container (the rollout that drops it has not finished) answers 409 and
 * is left for a later pass. A row is written before its Docker volume is created, so a volume
 * being created is never taken for a stray. Returns the names removed.
 */
export async function removeStrayVolumes(hosts: Host[], errors: string[]): Promise<string[]> {
  const removed: string[] = [];
  const known = new Set((await db.appVolume.findMany({ select: { dockerName: true } })).map((v) => v.dockerName));
  for (const host of hosts) {
    try {
      const docker = dockerForHost(host);
      for (const volume of await listAppVolumes(docker)) {
        if (known.has(volume.dockerName)) continue;
        try {
          await removeVolume(docker, volume.dockerName);
          removed.push(`${host.name}/${volume.dockerName}`);
        } catch (error) {
          if (statusCodeOf(error) !== 409) throw error;
        }
      }
    } catch (error) {
      errors.push(`${host.name} volumes: ${describeError(error)}`);
    }
  }
  return removed;
}
