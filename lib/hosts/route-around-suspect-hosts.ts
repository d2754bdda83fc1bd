import { db } from '../db';
import { abortStalledUpstreams } from '../proxy/abort-stalled-upstreams';
import { loadProxyApps, syncProxy } from '../proxy/sync-proxy';
import type { HeartbeatResult } from './heartbeat';

/**
 * The edge's answer to heartbeats, run after each round (workers/hosts.ts). A host turns suspect
 * at its first failed heartbeat (heartbeat.ts) and the routed set, derived from PostgreSQL,
 * drops its instances of apps that run elsewhere too (lib/proxy/serving-instances.ts); they return when the
 * host answers. Here:
 *  - when a host turned suspect or stopped being one, nginx is reloaded with that set (not waiting
 *    for the old workers to drain: one may hold a connection to the cut-off host);
 *  - while a host is suspect, this machine's stalled connections to its ports that are no longer
 *    routed are aborted (lib/proxy/abort-stalled-upstreams.ts), before that reload and after it, so a
 *    request sent on a kept-alive connection at the moment of the cut goes to the other instance
 *    now, not after `proxy_read_timeout`.
 * Level-based and idempotent: the reconciler's own proxy sync derives the same config, and a
 * second pass finds nothing left to abort.
 */
export async function routeAroundSuspectHosts(results: HeartbeatResult[]): Promise<{ synced: boolean; aborted: string[] }> {
  const changed = results.some((r) => r.suspectChanged);
  const suspects = await db.host.findMany({
    where: { suspectSince: { not: null } },
    select: { address: true, portRangeStart: true, portRangeEnd: true },
  });
  const routed = async () => new Set((await loadProxyApps()).flatMap((a) => a.upstreams));
  const aborted: string[] = [];
  if (suspects.length > 0) aborted.push(...(await abortStalledUpstreams(suspects, routed)));
  if (changed) await syncProxy({ drained: false });
  if (suspects.length > 0 && changed) aborted.push(...(await abortStalledUpstreams(suspects, routed)));
  return { synced: changed, aborted };
}
