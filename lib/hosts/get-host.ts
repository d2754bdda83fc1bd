import type { Actor } from '../auth/actor';
import { db } from '../db';
import { hostById } from '../docker/host-client';
import { loadHostUsage } from '../scheduler/cluster-state';
import { toHostDto, type HostDto } from './host-dto';

/** One host as the API shows it; developers see it without the Docker URL and error details. */
export async function getHost(actor: Actor, hostId: string): Promise<HostDto> {
  const host = await hostById(hostId);
  const usage = await loadHostUsage(db, { hostId });
  return toHostDto(host, usage.get(hostId), { admin: actor.role === 'ADMIN' });
}
