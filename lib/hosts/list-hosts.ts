import { db } from '../db';
import { loadHostUsage } from '../scheduler/cluster-state';
import { toHostDto, type HostDto } from './host-dto';

/**
 * Every host with capacity, reserve, allocatable, overcommit, requested, limits, measured use,
 * what is free to request, status and last heartbeat — for the Hosts page and GET /api/hosts:
 * the numbers the scheduler places by. `admin: false` hides Docker URLs and error details.
 */
export async function listHostsWithUsage(opts: { admin?: boolean } = {}): Promise<HostDto[]> {
  const [hosts, usage] = await Promise.all([
    db.host.findMany({ orderBy: [{ isLocal: 'desc' }, { name: 'asc' }] }),
    loadHostUsage(db),
  ]);
  return hosts.map((h) => toHostDto(h, usage.get(h.id), { admin: opts.admin ?? true }));
}
