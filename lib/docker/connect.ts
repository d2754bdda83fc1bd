import { createHash } from 'node:crypto';
import Docker from 'dockerode';
import { config } from '../config';
import { retryIdempotentCalls } from './retry-idempotent';

/**
 * A dockerode client for a Docker endpoint (unix://, tcp:// with optional TLS, ssh://).
 * Every call made through it has a timeout: a hung engine must never leave a build or deploy
 * "running" forever. Long streams (build, logs, events) pass their own AbortSignal instead.
 */
export type DockerEndpoint = {
  dockerUrl: string;
  tls?: { ca?: string; cert?: string; key?: string } | null;
  /**
   * ssh://: the pinned host key fingerprint ("SHA256:…", as `ssh-keygen -lf` prints it). A
   * server presenting another key is refused. Without a pin the connection is refused too,
   * unless `onSshHostKey` is given (adding a host: trust on first use, then pinned).
   */
  sshHostKey?: string | null;
  /** ssh://: called with the fingerprint of the key the server presented. */
  onSshHostKey?: (fingerprint: string) => void;
};

/** OpenSSH's fingerprint of a public key blob: SHA256:<base64 without padding>. */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

export const DOCKER_TIMEOUT_MS = 30_000;

/** Idempotent calls are sent again when the engine drops the connection (retry-idempotent.ts). */
export function connectDocker(endpoint: DockerEndpoint, timeoutMs = DOCKER_TIMEOUT_MS): Docker {
  return retryIdempotentCalls(openDocker(endpoint, timeoutMs));
}

function openDocker(endpoint: DockerEndpoint, timeoutMs: number): Docker {
  const url = new URL(endpoint.dockerUrl);
  switch (url.protocol) {
    case 'unix:':
      return new Docker({ socketPath: url.pathname, timeout: timeoutMs });
    case 'tcp:': {
      // Plain tcp:// (no TLS) is only stored when an admin forced it (lib/hosts/add-host.ts).
      const tls = endpoint.tls;
      return new Docker({
        host: url.hostname,
        port: Number(url.port || (tls ? 2376 : 2375)),
        protocol: tls ? 'https' : 'http',
        ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
        timeout: timeoutMs,
      });
    }
    case 'ssh:': {
      // `docker system dial-stdio` over SSH; authenticates with the host's stored private key
      // (endpoint.tls.key for ssh:// hosts) or the SSH agent, and the server with its pinned key.
      const pinned =
        endpoint.sshHostKey ?? (endpoint.dockerUrl === config().DOCKER_HOST ? config().DOCKER_HOST_SSH_FINGERPRINT : undefined);
      const hostVerifier = (key: Buffer) => {
        const seen = sshFingerprint(key);
        endpoint.onSshHostKey?.(seen);
        if (pinned) {
          if (seen === pinned) return true;
          console.error(`[docker] ${url.host}: SSH host key ${seen} is not the pinned ${pinned}: refusing the connection`);
          return false;
        }
        if (endpoint.onSshHostKey) return true;
        console.error(`[docker] ${url.host}: no pinned SSH host key: refusing the connection`);
        return false;
      };
      return new Docker({
        protocol: 'ssh',
        host: url.hostname,
        port: Number(url.port || 22),
        username: decodeURIComponent(url.username) || 'root',
        sshOptions: {
          ...(endpoint.tls?.key ? { privateKey: endpoint.tls.key } : {}),
          ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
          readyTimeout: Math.min(timeoutMs, 20_000),
          hostVerifier,
        },
        // docker-modem's idle `timeout` calls setTimeout on the SSH channel, which has none and
        // throws; its connectionTimeout (until the response starts) works over SSH.
        connectionTimeout: timeoutMs,
      } as Docker.DockerOptions);
    }
    default:
      throw new Error(`Unsupported Docker URL ${endpoint.dockerUrl}`);
  }
}

/** The engine Berth runs next to (host #1), from DOCKER_HOST. */
export function localDocker(timeoutMs = DOCKER_TIMEOUT_MS): Docker {
  return connectDocker({ dockerUrl: config().DOCKER_HOST }, timeoutMs);
}

/** Rejects when `promise` has not settled within `ms`; for calls dockerode cannot time out itself. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
