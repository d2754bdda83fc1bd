import { db, type Instance } from '../db';
import { recordEvent } from '../events/record-event';
import { publishAppChanged } from '../events/progress';

export const CRASH_LOG_LINES = 10;

/**
 * An instance whose container exited on its own (or whose restart failed) becomes CRASHED, with
 * the exit code and OOM flag, and an `instance.crashed` event carrying the last log lines shipped
 * for it (LogLine rows). Only the transition records an event, so a crash loop does not flood the
 * timeline; the restart count says how often it happened.
 */
export async function markCrashed(
  instance: Pick<Instance, 'id' | 'appId' | 'hostId' | 'containerName' | 'status'>,
  detail: { appName: string; exitCode?: number | null; oomKilled?: boolean; reason?: string; restarts?: number },
): Promise<boolean> {
  const { count } = await db.instance.updateMany({
    where: { id: instance.id, status: { in: ['STARTING', 'RUNNING'] } },
    data: {
      status: 'CRASHED',
      ...(detail.exitCode !== undefined && detail.exitCode !== null ? { exitCode: detail.exitCode } : {}),
      ...(detail.oomKilled ? { oomKilled: true } : {}),
      ...(detail.restarts ? { restartCount: { increment: 1 } } : {}),
    },
  });
  if (count === 0) return false;
  await publishAppChanged(instance.appId); // the apps list turns red without waiting for its poll
  const lines = await db.logLine.findMany({
    where: { instanceId: instance.id },
    orderBy: { id: 'desc' },
    take: CRASH_LOG_LINES,
    select: { line: true },
  });
  const lastLines = lines.map((l) => l.line).reverse();
  const why = [
    detail.exitCode !== undefined && detail.exitCode !== null ? `exit code ${detail.exitCode}` : null,
    detail.oomKilled ? 'out of memory' : null,
    detail.reason ?? null,
  ].filter(Boolean);
  await recordEvent({
    kind: 'instance.crashed',
    message: `${instance.containerName} crashed${why.length ? ` (${why.join(', ')})` : ''}`,
    appId: instance.appId,
    appName: detail.appName,
    hostId: instance.hostId,
    data: { instanceId: instance.id, exitCode: detail.exitCode ?? null, oomKilled: Boolean(detail.oomKilled), lastLines },
  });
  return true;
}
