import type Docker from 'dockerode';
import { decryptJson } from '../crypto/secret-box';
import { db, type Host } from '../db';
import { connectDocker, DOCKER_TIMEOUT_MS } from './connect';
import { notFound } from '../errors';

export type HostTls = { ca?: string; cert?: string; key?: string };

/** The fields needed to reach a host's engine. */
export type HostEndpoint = Pick<Host, 'id' | 'dockerUrl' | 'tls' | 'sshHostKey'>;

const cache = new Map<string, { fingerprint: string; docker: Docker }>();

/**
 * A dockerode client for a host's engine (TLS client certificates decrypted from Host.tls),
 * cached per host id (and timeout) and rebuilt when the URL or certificates change. Every call through it has
 * the default Docker timeout (lib/docker/connect.ts).
 */
export function dockerForHost(host: HostEndpoint, timeoutMs = DOCKER_TIMEOUT_MS): Docker {
  const key = `${host.id}|${timeoutMs}`;
  const fingerprint = `${host.dockerUrl}|${host.tls ?? ''}|${host.sshHostKey ?? ''}`;
  const hit = cache.get(key);
  if (hit && hit.fingerprint === fingerprint) return hit.docker;
  const docker = connectDocker(
    { dockerUrl: host.dockerUrl, tls: host.tls ? decryptJson<HostTls>(host.tls) : null, sshHostKey: host.sshHostKey },
    timeoutMs,
  );
  cache.set(key, { fingerprint, docker });
  return docker;
}

/** Forgets a cached client (host deleted or its URL changed). */
export function forgetHostDocker(hostId: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${hostId}|`)) cache.delete(key);
}

export async function hostById(id: string): Promise<Host> {
  const host = await db.host.findUnique({ where: { id } });
  if (!host) throw notFound('Host');
  return host;
}

/** Shorthand for deploy code that only has an instance's hostId. */
export async function hostDocker(hostId: string): Promise<Docker> {
  return dockerForHost(await hostById(hostId));
}

/** A client for long-lived streams (logs, events): no socket timeout, callers abort instead. */
export function streamDocker(host: HostEndpoint): Docker {
  return dockerForHost(host, 0);
}
