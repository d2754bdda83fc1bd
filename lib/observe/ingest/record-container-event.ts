import type Docker from 'dockerode';
import { db, type Host, type Tx } from '../../db';
import { recordEvent } from '../../events/record-event';
import { inspectContainer, type ContainerDetails } from '../../docker/containers';
import { containerOwner } from '../../docker/container-owner';
import type { DockerEvent } from './docker-event';

/**
 * Turns one Docker container event into an Event row (container.start/stop/die/oom/health) and
 * updates the Instance's exitCode / oomKilled / restartCount. Status transitions are the deploy
 * side's, with one exception: a RUNNING instance whose container died on its own (no `kill`
 * from Berth or a user just before, no restart policy) is marked CRASHED.
 * Idempotent: an event already recorded (same container, action and timeNano) is skipped, so a
 * reconnect that replays events from `since` changes nothing.
 */
export type ContainerEventContext = {
  host: Host;
  docker: Docker;
  /** True when a `kill` for this container was seen shortly before its `die` (a deliberate stop). */
  killedRecently: boolean;
};

const INSPECT_TIMEOUT_MS = 10_000;

export function eventKind(action: string): string | null {
  if (action === 'start') return 'container.start';
  if (action === 'stop') return 'container.stop';
  if (action === 'die') return 'container.die';
  if (action === 'oom') return 'container.oom';
  if (action.startsWith('health_status')) return 'container.health';
  return null;
}

export async function recordContainerEvent(event: DockerEvent, ctx: ContainerEventContext): Promise<boolean> {
  const kind = eventKind(event.Action);
  if (!kind) return false;
  const attrs = event.Actor.Attributes ?? {};
  const containerId = event.Actor.ID;
  const owner = await containerOwner(containerId);
  if (!owner) return false;
  const timeNano = String(event.timeNano);
  const dedupeKey = `${ctx.host.id}|${containerId}|${kind}|${timeNano}`;
  if (await alreadyRecorded(ctx.host.id, kind, containerId, timeNano)) return false;

  const state = kind === 'container.start' || kind === 'container.die' ? await inspect(ctx.docker, containerId) : null;
  const instance = owner.instanceId
    ? await db.instance.findUnique({ where: { id: owner.instanceId }, select: { id: true, status: true, memoryLimitMb: true } })
    : null;
  const data: Record<string, unknown> = { containerId, containerName: owner.instanceName, timeNano, instanceId: owner.instanceId };
  let message: string;

  switch (kind) {
    case 'container.start':
      message = `${owner.label} started`;
      if (instance && state) {
        await db.instance.update({ where: { id: instance.id }, data: { restartCount: state.RestartCount ?? 0 } });
        data.restartCount = state.RestartCount ?? 0;
      }
      break;
    case 'container.stop':
      message = `${owner.label} stopped`;
      break;
    case 'container.die': {
      const exitCode = Number(attrs.exitCode ?? state?.State?.ExitCode ?? -1);
      const oomKilled = Boolean(state?.State?.OOMKilled);
      data.exitCode = exitCode;
      data.oomKilled = oomKilled;
      message = `${owner.label} exited with code ${exitCode}${oomKilled ? ' (out of memory)' : ''}`;
      if (instance) {
        const policy = state?.HostConfig?.RestartPolicy?.Name ?? '';
        const restarts = policy !== '' && policy !== 'no' && !(policy === 'on-failure' && exitCode === 0);
        const crashed = instance.status === 'RUNNING' && !ctx.killedRecently && !restarts && !state?.State?.Restarting;
        await db.instance.update({
          where: { id: instance.id },
          data: {
            exitCode,
            ...(oomKilled ? { oomKilled: true } : {}),
            ...(crashed ? { status: 'CRASHED', stoppedAt: new Date() } : {}),
          },
        });
        if (crashed) data.crashed = true;
      }
      break;
    }
    case 'container.oom':
      message = `${owner.label} was killed: out of memory${instance ? ` (limit ${instance.memoryLimitMb} MB)` : ''}`;
      if (instance) await db.instance.update({ where: { id: instance.id }, data: { oomKilled: true } });
      break;
    default: {
      const status = event.Action.split(':').slice(1).join(':').trim() || 'unknown';
      data.health = status;
      message = `${owner.label} health: ${status}`;
    }
  }

  // Two watchers of one host (two worker processes, a reconnect overlapping the old stream) may
  // see the same event: the advisory lock + check makes recording it exactly-once.
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${dedupeKey}))`;
    if (await alreadyRecorded(ctx.host.id, kind, containerId, timeNano, tx)) return false;
    await recordEvent({ kind, message, appId: owner.appId, appName: owner.appName, hostId: ctx.host.id, data }, tx);
    return true;
  });
}

async function alreadyRecorded(
  hostId: string,
  kind: string,
  containerId: string,
  timeNano: string,
  tx: Tx = db,
): Promise<boolean> {
  const seen = await tx.event.findFirst({
    where: {
      kind,
      hostId,
      AND: [{ data: { path: ['containerId'], equals: containerId } }, { data: { path: ['timeNano'], equals: timeNano } }],
    },
    select: { id: true },
  });
  return seen !== null;
}

async function inspect(docker: Docker, id: string): Promise<ContainerDetails | null> {
  try {
    return await inspectContainer(docker, id, INSPECT_TIMEOUT_MS);
  } catch {
    return null; // already removed: the event itself still counts
  }
}
