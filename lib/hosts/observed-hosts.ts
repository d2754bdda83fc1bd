import { db, type Host } from '../db';

/**
 * Hosts whose containers OPS watches: READY ones and DRAINING ones (their instances still run
 * until the reconciler has moved them). UNREACHABLE hosts are skipped until the heartbeat
 * marks them READY again.
 */
export async function observedHosts(): Promise<Host[]> {
  return db.host.findMany({ where: { status: { in: ['READY', 'DRAINING'] } }, orderBy: { name: 'asc' } });
}
