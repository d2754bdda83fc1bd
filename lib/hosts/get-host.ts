import type { Actor } from '../auth/actor';
import { db } from '../db';
import { hostById } from '../docker/host-client';
import { toHostDto, type HostDto } from './host-dto';
import { ACTIVE_INSTANCE_STATUSES } from '../model/instance-status';

/** One host as the API shows it; developers see it without the Docker URL and error details. */
export async function getHost(actor: Actor, hostId: string): Promise<HostDto> {
  const host = await hostById(hostId);
  const usage = await db.instance.aggregate({
    where: { hostId, status: { in: [...ACTIVE_INSTANCE_STATUSES] } },
    _sum: { cpu: true, memoryMb: true },
    _count: { _all: true },
  });
  return toHostDto(
    host,
    { cpu: usage._sum.cpu ?? 0, memoryMb: usage._sum.memoryMb ?? 0, instances: usage._count._all },
    { admin: actor.role === 'ADMIN' },
  );
}
