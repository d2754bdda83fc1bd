import { config } from '../config';
import { db, type Host } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { dockerForHost } from '../docker/host-client';
import { refreshHostFirewall } from '../firewall/ensure-host-firewall';
import { probeHost } from './probe-host';

export const HEARTBEAT_TIMEOUT_MS = 3_000;

/**
 * `changed`: the status changed. `suspectChanged`: the host turned suspect (first failed heartbeat)
 * or stopped being one (an answer): the proxy's routed set changes (route-around-suspect-hosts.ts).
 */
export type HeartbeatResult = { host: string; ok: boolean; status: Host['status']; changed: boolean; suspectChanged: boolean };

/**
 * One heartbeat: `docker info` with a short timeout. An answer refreshes capacity and brings an
 * UNREACHABLE host back to READY; silence longer than the grace period (since the last answer)
 * marks a READY host UNREACHABLE. DRAINING is an admin's decision and is never changed here.
 * Status changes are conditional on the status read, so a concurrent drain is not overwritten.
 * Any failure also makes the host suspect (`suspectSince`) until it answers again: the proxy
 * stops sending requests there at once when the app has an instance elsewhere, without waiting
 * for the grace period (a partition loses no request of an app with two instances).
 */
export async function heartbeatHost(
  host: Host,
  opts: { now?: Date; graceSeconds?: number; timeoutMs?: number } = {},
): Promise<HeartbeatResult> {
  const startedAt = Date.now();
  const now = opts.now ?? new Date();
  const graceMs = (opts.graceSeconds ?? config().BERTH_HOST_GRACE_SECONDS) * 1000;
  try {
    const probe = await probeHost(dockerForHost(host), opts.timeoutMs ?? HEARTBEAT_TIMEOUT_MS);
    const next = host.status === 'UNREACHABLE' ? 'READY' : host.status;
    const { count } = await db.host.updateMany({
      where: { id: host.id, status: host.status },
      data: {
        status: next,
        lastHeartbeatAt: now,
        lastError: null,
        suspectSince: null,
        cpuTotal: probe.cpuTotal,
        memoryTotalMb: probe.memoryTotalMb,
        dockerVersion: probe.dockerVersion,
      },
    });
    const changed = count > 0 && next !== host.status;
    const suspectChanged = count > 0 && host.suspectSince !== null;
    if (changed) {
      await recordEvent({ kind: 'host.ready', message: `Host ${host.name} is reachable again`, hostId: host.id });
      refreshHostFirewall(host); // it may have rebooted: rules in iptables do not survive that
    }
    return { host: host.name, ok: true, status: count > 0 ? next : host.status, changed, suspectChanged };
  } catch (error) {
    const message = describeError(error);
    const lastSeen = (host.lastHeartbeatAt ?? host.createdAt).getTime();
    // Silence is measured when the probe gave up (a frozen engine uses up the whole timeout).
    const failedAt = now.getTime() + (Date.now() - startedAt);
    const expired = failedAt - lastSeen >= graceMs;
    const next = host.status === 'READY' && expired ? 'UNREACHABLE' : host.status;
    const { count } = await db.host.updateMany({
      where: { id: host.id, status: host.status },
      data: { status: next, lastError: message, suspectSince: host.suspectSince ?? new Date(failedAt) },
    });
    const changed = count > 0 && next !== host.status;
    const suspectChanged = count > 0 && host.suspectSince === null;
    if (changed)
      await recordEvent({
        kind: 'host.unreachable',
        message: `Host ${host.name} unreachable for ${Math.round((failedAt - lastSeen) / 1000)} s: ${message}`,
        hostId: host.id,
      });
    return { host: host.name, ok: false, status: count > 0 ? next : host.status, changed, suspectChanged };
  }
}

/** Heartbeats every host in parallel (each bounded by its timeout). */
export async function heartbeatAll(opts: Parameters<typeof heartbeatHost>[1] = {}): Promise<HeartbeatResult[]> {
  const hosts = await db.host.findMany();
  return Promise.all(hosts.map((h) => heartbeatHost(h, opts)));
}
