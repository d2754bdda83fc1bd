import type { Actor } from '../auth/actor';
import { db, type Host } from '../db';
import { badRequest, conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { checkPortRange } from './check-port-range';
import { evacuateHost } from './evacuate-host';
import { hostById } from '../docker/host-client';
import type { UpdateHost } from './schemas';
import { ACTIVE_INSTANCE_STATUSES } from '../model/instance-status';
import { requireAdmin } from '../auth/actor';
import { ADMINS_ONLY } from './schemas';

/**
 * Labels, reserve, overcommit ratios (null = the installation default), address, port range,
 * drain/undrain. Draining stops new placements on the
 * host and moves its apps elsewhere with rolling restarts (`evacuateHost`); `moving` lists the
 * queued deployments.
 */
export async function updateHost(
  actor: Actor,
  hostId: string,
  input: UpdateHost,
): Promise<Host & { moving: string[] }> {
  requireAdmin(actor, ADMINS_ONLY);
  const host = await hostById(hostId);
  const address = input.address ?? host.address;
  const range =
    input.portRange || input.address
      ? await checkPortRange(address, input.portRange ?? `${host.portRangeStart}-${host.portRangeEnd}`, host.id)
      : null;
  if (range && (range.start > host.portRangeStart || range.end < host.portRangeEnd)) {
    const outside = await db.instance.count({
      where: {
        hostId,
        status: { in: [...ACTIVE_INSTANCE_STATUSES] },
        OR: [{ hostPort: { lt: range.start } }, { hostPort: { gt: range.end } }],
      },
    });
    if (outside > 0) throw conflict(`${outside} running instance(s) use ports outside ${range.start}-${range.end}`);
  }
  if (input.sshHostKey && !host.dockerUrl.startsWith('ssh://'))
    throw badRequest('sshHostKey is only for ssh:// hosts', { sshHostKey: 'ssh:// only' });
  const status = input.action === 'drain' ? 'DRAINING' : input.action === 'undrain' ? 'READY' : undefined;
  const updated = await db.host.update({
    where: { id: hostId },
    data: {
      ...(input.labels ? { labels: input.labels } : {}),
      ...(input.reserveCpu !== undefined ? { reserveCpu: input.reserveCpu } : {}),
      ...(input.reserveMemoryMb !== undefined ? { reserveMemoryMb: input.reserveMemoryMb } : {}),
      ...(input.cpuOvercommit !== undefined ? { cpuOvercommit: input.cpuOvercommit } : {}),
      ...(input.memoryOvercommit !== undefined ? { memoryOvercommit: input.memoryOvercommit } : {}),
      ...(input.address ? { address } : {}),
      ...(input.sshHostKey ? { sshHostKey: input.sshHostKey } : {}),
      ...(range ? { portRangeStart: range.start, portRangeEnd: range.end } : {}),
      ...(status && !(input.action === 'undrain' && host.status !== 'DRAINING') ? { status } : {}),
    },
  });
  if (input.sshHostKey && input.sshHostKey !== host.sshHostKey)
    await recordEvent({
      kind: 'host.ssh-key',
      message: `Host ${host.name}: SSH host key pinned to ${input.sshHostKey}`,
      hostId,
      actor,
      data: { previous: host.sshHostKey, sshHostKey: input.sshHostKey },
    });
  const changed = Boolean(status && host.status !== updated.status);
  if (changed)
    await recordEvent({
      kind: input.action === 'drain' ? 'host.drain' : 'host.undrain',
      message: `Host ${host.name} ${input.action === 'drain' ? 'draining: no new instances' : 'accepting instances again'}`,
      hostId,
      actor,
    });
  const moving = changed && updated.status === 'DRAINING' ? await evacuateHost(actor, hostId) : [];
  return { ...updated, moving };
}
