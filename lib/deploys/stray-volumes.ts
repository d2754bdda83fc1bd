import { db, type Host } from '../db';
import { dockerForHost } from '../docker/host-client';
import { statusCodeOf } from '../docker/containers';
import { listAppVolumes, removeVolume } from '../docker/volumes';
import { describeError } from '../errors';

/**
 * Reconcile step: this installation's app volumes that no AppVolume row names any more (a volume
 * deleted through the API, an app deleted while a host was away) are removed with their data.
 * One still mounted by a container (the rollout that drops it has not finished) answers 409 and
 * is left for a later pass. The rows are read AFTER Docker is listed: a row is committed before
 * its Docker volume is created, so a volume being created right now is never taken for a stray.
 * `timeoutMs` bounds the listing, so a frozen engine does not hold the pass (removing a large
 * volume may take longer: that call has the default Docker timeout). Returns the
 * names removed ("host/volume").
 */
export async function removeStrayVolumes(hosts: Host[], errors: string[], timeoutMs?: number): Promise<string[]> {
  const removed: string[] = [];
  for (const host of hosts) {
    try {
      const found = await listAppVolumes(dockerForHost(host, timeoutMs));
      if (found.length === 0) continue;
      const names = found.map((v) => v.dockerName);
      const known = new Set(
        (await db.appVolume.findMany({ where: { dockerName: { in: names } }, select: { dockerName: true } })).map((v) => v.dockerName),
      );
      for (const name of names.filter((n) => !known.has(n))) {
        try {
          await removeVolume(dockerForHost(host), name);
          removed.push(`${host.name}/${name}`);
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
