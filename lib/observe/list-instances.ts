import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, Prisma } from '../db';
import { isUp } from '../model/instance-status';

/** One row of the Overview's instances table and GET /api/apps/<name>/instances. */
export type InstanceDto = {
  id: string;
  name: string; // web.1
  processType: string;
  index: number;
  release: number;
  host: string;
  hostAddress: string;
  containerId: string | null; // short (12)
  containerName: string;
  state: string; // STARTING | RUNNING | STOPPING | STOPPED | CRASHED | EXITED
  startedAt: string | null;
  uptimeSeconds: number | null;
  restarts: number;
  exitCode: number | null;
  oomKilled: boolean;
  port: number | null;
  cpuRequest: number; // millicores the scheduler counts
  cpuLimit: number | null; // millicores enforced; null = shares only
  memoryRequestBytes: number;
  cpuPercent: number | null; // latest sample (≤ 2 min old)
  memoryBytes: number | null;
  memoryLimitBytes: number;
};

const FRESH_MS = 2 * 60_000;

/** The app's instances that are not STOPPED, with the latest CPU/memory sample of each. */
export async function listInstances(actor: Actor, appName: string, now = new Date()): Promise<InstanceDto[]> {
  const app = await findAppForActor(actor, appName, 'read');
  return instancesOf(app.id, now);
}

export async function instancesOf(appId: string, now = new Date()): Promise<InstanceDto[]> {
  const rows = await db.instance.findMany({
    where: { appId, status: { not: 'STOPPED' } },
    include: { host: { select: { name: true, address: true } }, release: { select: { version: true } } },
    orderBy: [{ processType: 'asc' }, { index: 'asc' }, { createdAt: 'desc' }],
  });
  const ids = rows.map((r) => r.id);
  const samples = ids.length
    ? await db.$queryRaw<{ instanceId: string; cpuPercent: number; memoryBytes: bigint; memoryLimit: bigint }[]>`
        SELECT DISTINCT ON ("instanceId") "instanceId", "cpuPercent", "memoryBytes", "memoryLimit"
        FROM "MetricSample"
        WHERE "instanceId" IN (${Prisma.join(ids)}) AND "ts" >= ${new Date(now.getTime() - FRESH_MS)}
        ORDER BY "instanceId", "ts" DESC`
    : [];
  const sampleOf = new Map(samples.map((s) => [s.instanceId, s]));
  return rows.map((r) => {
    const sample = sampleOf.get(r.id);
    const live = isUp(r.status);
    return {
      id: r.id,
      name: `${r.processType}.${r.index}`,
      processType: r.processType,
      index: r.index,
      release: r.release.version,
      host: r.host.name,
      hostAddress: r.host.address,
      containerId: r.containerId?.slice(0, 12) ?? null,
      containerName: r.containerName,
      state: r.status,
      startedAt: r.startedAt?.toISOString() ?? null,
      uptimeSeconds: live && r.startedAt ? Math.max(0, Math.round((now.getTime() - r.startedAt.getTime()) / 1000)) : null,
      restarts: r.restartCount,
      exitCode: r.exitCode,
      oomKilled: r.oomKilled,
      port: r.hostPort,
      cpuRequest: r.cpuRequest,
      cpuLimit: r.cpuLimit,
      memoryRequestBytes: r.memoryRequestMb * 1024 * 1024,
      cpuPercent: live && sample ? sample.cpuPercent : null,
      memoryBytes: live && sample ? Number(sample.memoryBytes) : null,
      memoryLimitBytes: sample ? Number(sample.memoryLimit) : r.memoryLimitMb * 1024 * 1024,
    };
  });
}
