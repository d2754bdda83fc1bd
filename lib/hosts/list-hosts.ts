import type { Actor } from '../auth/actor';
import { db } from '../db';
import { loadHostUsage } from '../scheduler/cluster-state';
import { toHostDto, type HostDto } from './host-dto';

/**
 * Every host with capacity, reserve, allocatable, overcommit, requested, limits, measured use,
 * what is free to request, status and last heartbeat — for the Hosts page and GET /api/hosts:
 * the numbers the scheduler places by. `admin: false` hides Docker URLs and error details.
 */
/** GET /api/hosts: every signed-in user sees the hosts; only admins see Docker URLs and errors. */
export function listHosts(actor: Actor): Promise<HostDto[]> {
  return listHostsWithUsage({ admin: actor.role === 'ADMIN' });
}

export async function listHostsWithUsage(opts: { admin?: boolean } = {}): Promise<HostDto[]> {
  const [hosts, usage] = await Promise.all([
    db.host.findMany({ orderBy: [{ isLocal: 'desc' }, { name: 'asc' }] }),
    loadHostUsage(db),
  ]);
  return hosts.map((h) => toHostDto(h, usage.get(h.id), { admin: opts.admin ?? true }));
}
