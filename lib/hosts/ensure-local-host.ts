import { config } from '../config';
import { db, Prisma, type Host } from '../db';
import { localDocker } from '../docker/connect';
import { parsePortRange } from './port-range';
import { probeHost } from './probe-host';

export const LOCAL_HOST_NAME = 'local';

/**
 * Registers the engine Berth runs next to (DOCKER_HOST) as host "local" (isLocal, address
 * 127.0.0.1, ports from BERTH_PORT_RANGE, reserve from BERTH_HOST_RESERVE_*). Idempotent and
 * safe to race: called at every worker start, by tests and by the first deploy. On later calls
 * the URL and port range follow the configuration and capacity is re-probed; labels, reserve
 * and DRAINING set by an admin are kept.
 */
export async function ensureLocalHost(): Promise<Host> {
  const cfg = config();
  const { start, end } = parsePortRange(cfg.BERTH_PORT_RANGE);
  let probe: Awaited<ReturnType<typeof probeHost>> | null = null;
  let lastError: string | null = null;
  try {
    probe = await probeHost(localDocker());
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
  }
  const fresh = {
    dockerUrl: cfg.DOCKER_HOST,
    portRangeStart: start,
    portRangeEnd: end,
    lastError,
    ...(probe
      ? {
          cpuTotal: probe.cpuTotal,
          memoryTotalMb: probe.memoryTotalMb,
          dockerVersion: probe.dockerVersion,
          lastHeartbeatAt: new Date(),
        }
      : {}),
  };
  const existing = await db.host.findFirst({ where: { isLocal: true } });
  if (existing) return db.host.update({ where: { id: existing.id }, data: fresh });
  try {
    return await db.host.create({
      data: {
        ...fresh,
        name: LOCAL_HOST_NAME,
        isLocal: true,
        address: '127.0.0.1',
        status: probe ? 'READY' : 'UNREACHABLE',
        reserveCpu: cfg.BERTH_HOST_RESERVE_CPU,
        reserveMemoryMb: cfg.BERTH_HOST_RESERVE_MEMORY_MB,
      },
    });
  } catch (error) {
    // Another process registered it first (unique name): use theirs.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await db.host.findFirst({ where: { isLocal: true } });
      if (winner) return winner;
    }
    throw error;
  }
}
