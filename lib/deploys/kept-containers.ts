import { db, type Tx } from '../db';

/**
 * A sleeping app keeps its live release's containers, stopped (converge.ts → stopInstance with
 * `keep`), so that waking it is a `docker start` of the same container instead of network +
 * create + start (ensure-instance-container.ts reuses it while its spec still matches). Its
 * Instance rows are STOPPED: requests and port are released, the scheduler does not count them,
 * and the port may go to another app meanwhile (then the wake recreates the container).
 *
 * The reconciler's stray removal must leave these alone: this is the set it spares, as
 * `<hostId>/<containerName>` keys — STOPPED rows of the app's current release while the app is
 * asleep, or while a START deployment (a wake) is about to reserve them again. Anything else
 * stopped — an older release's (a push while asleep), an app stopped or deleted — is a stray as
 * before, and app delete removes every container by label.
 */
export async function keptContainerKeys(tx: Tx = db): Promise<Set<string>> {
  const rows = await tx.instance.findMany({
    where: {
      status: 'STOPPED',
      app: {
        OR: [{ sleepingSince: { not: null } }, { deployments: { some: { kind: 'START', status: { in: ['QUEUED', 'RUNNING'] } } } }],
      },
    },
    select: { hostId: true, containerName: true, releaseId: true, app: { select: { currentReleaseId: true } } },
  });
  return new Set(rows.filter((r) => r.releaseId === r.app.currentReleaseId).map((r) => `${r.hostId}/${r.containerName}`));
}
