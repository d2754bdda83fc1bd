import type { Actor } from '../auth/actor';
import { config } from '../config';
import { encryptJson } from '../crypto/secret-box';
import { db, Prisma, type Host } from '../db';
import { connectDocker } from '../docker/connect';
import { AppError, badRequest, conflict, describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { checkPortRange } from './check-port-range';
import { probeHost } from './probe-host';
import type { AddHost } from './schemas';
import { requireAdmin } from '../auth/actor';
import { ADMINS_ONLY } from './schemas';

/**
 * Registers a Docker engine by URL after probing it with `docker info` (capacity = NCPU and
 * MemTotal; reserve defaults to BERTH_HOST_RESERVE_*). An engine that does not answer is
 * refused (UNAVAILABLE) rather than stored half-known. TLS material is encrypted at rest.
 */
export async function addHost(actor: Actor, input: AddHost): Promise<Host> {
  requireAdmin(actor, ADMINS_ONLY);
  const cfg = config();
  const url = new URL(input.dockerUrl);
  if (input.sshKey && url.protocol !== 'ssh:') throw badRequest('sshKey is only for ssh:// hosts', { sshKey: 'ssh:// only' });
  if (input.tls && url.protocol !== 'tcp:') throw badRequest('tls is only for tcp:// hosts', { tls: 'tcp:// only' });
  // Host.tls holds the connection secrets, encrypted: TLS material, or { key } for SSH.
  const secrets = input.tls ?? (input.sshKey ? { key: input.sshKey } : null);
  const address = input.address ?? (url.protocol === 'unix:' ? '127.0.0.1' : url.hostname);
  const { start, end } = await checkPortRange(address, input.portRange ?? cfg.BERTH_PORT_RANGE, null);
  if (await db.host.findUnique({ where: { name: input.name } })) throw conflict(`A host named ${input.name} exists`);

  let probe;
  try {
    probe = await probeHost(connectDocker({ dockerUrl: input.dockerUrl, tls: secrets }, 10_000), 15_000);
  } catch (error) {
    throw new AppError('UNAVAILABLE', `Cannot reach Docker at ${input.dockerUrl}: ${describeError(error)}`);
  }

  try {
    const host = await db.host.create({
      data: {
        name: input.name,
        dockerUrl: input.dockerUrl,
        tls: secrets ? encryptJson(secrets) : null,
        address,
        status: 'READY',
        isLocal: false,
        cpuTotal: probe.cpuTotal,
        memoryTotalMb: probe.memoryTotalMb,
        reserveCpu: input.reserveCpu ?? cfg.BERTH_HOST_RESERVE_CPU,
        reserveMemoryMb: input.reserveMemoryMb ?? cfg.BERTH_HOST_RESERVE_MEMORY_MB,
        cpuOvercommit: input.cpuOvercommit ?? null,
        memoryOvercommit: input.memoryOvercommit ?? null,
        labels: input.labels ?? {},
        portRangeStart: start,
        portRangeEnd: end,
        dockerVersion: probe.dockerVersion,
        lastHeartbeatAt: new Date(),
      },
    });
    await recordEvent({
      kind: 'host.add',
      message: `Host ${host.name} added (${probe.cpuTotal / 1000} CPU, ${probe.memoryTotalMb} MB)`,
      hostId: host.id,
      actor,
    });
    return host;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw conflict(`A host named ${input.name} exists`);
    throw error;
  }
}
