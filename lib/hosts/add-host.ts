import type { Actor } from '../auth/actor';
import { config } from '../config';
import { encryptJson } from '../crypto/secret-box';
import { db, Prisma, type Host } from '../db';
import { connectDocker } from '../docker/connect';
import { AppError, badRequest, conflict, describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { refreshHostFirewall } from '../firewall/ensure-host-firewall';
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
  if (input.sshHostKey && url.protocol !== 'ssh:') throw badRequest('sshHostKey is only for ssh:// hosts', { sshHostKey: 'ssh:// only' });
  if (url.protocol === 'tcp:' && !input.tls && !input.force) {
    const reason =
      'tcp:// without TLS gives anyone who can reach or watch that port full control of the engine (root on that host): ' +
      'add "tls" client certificates, use ssh://, or pass "force": true if the network is trusted';
    throw badRequest(reason, { dockerUrl: reason });
  }
  // Host.tls holds the connection secrets, encrypted: TLS material, or { key } for SSH.
  const secrets = input.tls ?? (input.sshKey ? { key: input.sshKey } : null);
  const address = input.address ?? (url.protocol === 'unix:' ? '127.0.0.1' : url.hostname);
  const { start, end } = await checkPortRange(address, input.portRange ?? cfg.BERTH_PORT_RANGE, null);
  if (await db.host.findUnique({ where: { name: input.name } })) throw conflict(`A host named ${input.name} exists`);

  let probe;
  // ssh://: the host key seen now is pinned (or must equal the one the admin gave).
  let seenHostKey: string | null = null;
  const endpoint = {
    dockerUrl: input.dockerUrl,
    tls: secrets,
    sshHostKey: input.sshHostKey ?? null,
    onSshHostKey: (fingerprint: string) => (seenHostKey ??= fingerprint),
  };
  try {
    probe = await probeHost(connectDocker(endpoint, 10_000), 15_000);
  } catch (error) {
    if (input.sshHostKey && seenHostKey && seenHostKey !== input.sshHostKey)
      throw badRequest(`The SSH host key of ${url.host} is ${seenHostKey}, not ${input.sshHostKey}: refusing the host`, {
        sshHostKey: 'does not match the server',
      });
    throw new AppError('UNAVAILABLE', `Cannot reach Docker at ${input.dockerUrl}: ${describeError(error)}`);
  }
  const sshHostKey = url.protocol === 'ssh:' ? seenHostKey : null;
  if (url.protocol === 'ssh:' && !sshHostKey) throw new AppError('UNAVAILABLE', `No SSH host key seen from ${url.host}`);

  try {
    const host = await db.host.create({
      data: {
        name: input.name,
        dockerUrl: input.dockerUrl,
        tls: secrets ? encryptJson(secrets) : null,
        sshHostKey,
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
      data: {
        ...(sshHostKey ? { sshHostKey } : {}),
        ...(url.protocol === 'tcp:' && !input.tls ? { insecureTcpForced: true } : {}),
      },
    });
    // The app firewall on the new host (a remote one through a nettools container), without
    // holding up the request: the first app container there waits for this same run.
    refreshHostFirewall(host);
    return host;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw conflict(`A host named ${input.name} exists`);
    throw error;
  }
}
