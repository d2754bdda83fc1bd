import type { HostStatus, InstanceStatus } from '../db';

/** What the proxy needs to know about an instance to decide whether it is an upstream. */
export type RoutableInstance = {
  releaseId: string;
  status: InstanceStatus;
  host: { status: HostStatus; suspectSince: Date | null };
};

/**
 * The instances the edge routes an app's requests to (pure, unit-tested), given its web
 * instances that have a port, RUNNING or CRASHED:
 *  - only the current (LIVE) release's, never one on an UNREACHABLE host;
 *  - none on a suspect host (its latest heartbeat failed: maybe cut off, lib/hosts/heartbeat) while
 *    an instance RUNNING on a trusted host can take its share: a partition is noticed at the first
 *    silent heartbeat rather than after the grace period. An app whose only running instances are
 *    there keeps them: nothing else could answer, and the host may just have been slow;
 *  - RUNNING ones, or the CRASHED ones while none runs: Docker's restart policy usually brings
 *    one back within a second, and it is served again at once instead of after the next
 *    reconcile pass and reload (nginx tries it and answers 502 while it is down).
 */
export function servingInstances<T extends RoutableInstance>(instances: T[], currentReleaseId: string | null): T[] {
  const current = instances.filter((i) => i.releaseId === currentReleaseId && i.host.status !== 'UNREACHABLE');
  const trusted = current.filter((i) => i.host.suspectSince === null);
  const pool = trusted.some((i) => i.status === 'RUNNING') ? trusted : current;
  const running = pool.filter((i) => i.status === 'RUNNING');
  return running.length > 0 ? running : pool;
}
