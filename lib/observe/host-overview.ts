import type { Actor } from '../auth/actor';
import { appsVisibleTo } from '../auth/app-access';
import { db, Prisma } from '../db';
import { listHostsWithUsage } from '../hosts/list-hosts';
import type { HostDto } from '../hosts/host-dto';
import { hostRoom, type HostRoom } from '../hosts/host-room';
import { WANTED_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * The Hosts page: SCHEDULER's view of each host (capacity, reserve, requested, limits, measured
 * use, status, heartbeat) and the instances it runs with their latest sample. Everyone sees
 * capacity; developers only see instances of apps they may see, admins see all (and Docker URLs).
 */
export type HostInstance = { id: string; app: string; name: string; state: string; cpuPercent: number | null; memoryMb: number | null };
export type HostOverview = HostDto & {
  instanceList: HostInstance[];
  /** Room for another instance (full / tight / ok, and why). */
  room: HostRoom;
  /** Apps (visible to the actor) with an instance here: what a drain would move. */
  apps: string[];
};

const FRESH_MS = 2 * 60_000;
/** The instances a drain moves (lib/hosts/evacuate-host.ts). */
const moves = new Set<string>(WANTED_INSTANCE_STATUSES);

export async function hostOverview(actor: Actor, now = new Date()): Promise<HostOverview[]> {
  const [hosts, instances] = await Promise.all([
    listHostsWithUsage({ admin: actor.role === 'ADMIN' }),
    db.instance.findMany({
      where: { status: { not: 'STOPPED' } },
      select: {
        id: true,
        hostId: true,
        appId: true,
        processType: true,
        index: true,
        status: true,
        app: { select: { name: true } },
        release: { select: { version: true } },
      },
      orderBy: [{ createdAt: 'asc' }],
    }),
  ]);
  const visible = new Set(
    (await db.app.findMany({ where: appsVisibleTo(actor), select: { id: true } })).map((a) => a.id),
  );
  const ids = instances.map((i) => i.id);
  const samples = ids.length
    ? await db.$queryRaw<{ instanceId: string; cpuPercent: number; memoryBytes: bigint }[]>`
        SELECT DISTINCT ON ("instanceId") "instanceId", "cpuPercent", "memoryBytes"
        FROM "MetricSample"
        WHERE "instanceId" IN (${Prisma.join(ids)}) AND "ts" >= ${new Date(now.getTime() - FRESH_MS)}
        ORDER BY "instanceId", "ts" DESC`
    : [];
  const sampleOf = new Map(samples.map((s) => [s.instanceId, s]));

  return hosts.map((host) => {
    const mine = instances.filter((i) => i.hostId === host.id);
    return {
      ...host,
      room: hostRoom(host),
      apps: [...new Set(mine.filter((i) => visible.has(i.appId) && moves.has(i.status)).map((i) => i.app.name))].sort(),
      instanceList: mine
        .filter((i) => visible.has(i.appId))
        .map((i) => {
          const s = sampleOf.get(i.id);
          return {
            id: i.id,
            app: i.app.name,
            name: `${i.processType}.${i.index} v${i.release.version}`,
            state: i.status,
            cpuPercent: s ? s.cpuPercent : null,
            memoryMb: s ? Math.round(Number(s.memoryBytes) / 1048576) : null,
          };
        }),
    };
  });
}
