import type { Actor } from '../auth/actor';
import { db } from '../db';
import { toHostDto, type HostDto } from './host-dto';
import { ACTIVE_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * Every host with capacity, reserve, what instances have reserved, what is free, status and
 * last heartbeat — for the Hosts page and GET /api/hosts. Actual usage (docker stats) is OPS'
 * metrics; this is the scheduler's view. `admin: false` hides Docker URLs and error details.
 */
/** GET /api/hosts: every signed-in user sees the hosts; only admins see Docker URLs and errors. */
export function listHosts(actor: Actor): Promise<HostDto[]> {
  return listHostsWithUsage({ admin: actor.role === 'ADMIN' });
}

export async function listHostsWithUsage(opts: { admin?: boolean } = {}): Promise<HostDto[]> {
  const [hosts, usage] = await Promise.all([
    db.host.findMany({ orderBy: [{ isLocal: 'desc' }, { name: 'asc' }] }),
    db.instance.groupBy({
      by: ['hostId'],
      where: { status: { in: [...ACTIVE_INSTANCE_STATUSES] } },
      _sum: { cpu: true, memoryMb: true },
      _count: { _all: true },
    }),
  ]);
  const byHost = new Map(
    usage.map((u) => [u.hostId, { cpu: u._sum.cpu ?? 0, memoryMb: u._sum.memoryMb ?? 0, instances: u._count._all }]),
  );
  return hosts.map((h) => toHostDto(h, byHost.get(h.id), { admin: opts.admin ?? true }));
}
