import type Docker from 'dockerode';
import { db, type Host } from '../db';
import { dockerForHost } from '../docker/host-client';

/**
 * Hosts whose containers OPS watches: READY ones and DRAINING ones (their instances still run
 * until the reconciler has moved them). UNREACHABLE hosts are skipped until the heartbeat
 * marks them READY again.
 */
export async function observedHosts(): Promise<Host[]> {
  return db.host.findMany({ where: { status: { in: ['READY', 'DRAINING'] } }, orderBy: { name: 'asc' } });
}

/** A client for long-lived streams (logs, events): no socket timeout, callers abort instead. */
export function streamDocker(host: Host): Docker {
  return dockerForHost(host, 0);
}

/** A client for short calls (list, inspect, stats): the default Docker timeout applies. */
export function callDocker(host: Host): Docker {
  return dockerForHost(host);
}
