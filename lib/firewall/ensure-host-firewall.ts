import { config } from '../config';
import type { Host } from '../db';
import { installLocalAppFirewall, installRemoteAppFirewall, isLocalEngine } from '../docker/app-firewall';
import { dockerForHost } from '../docker/host-client';
import { AppError, describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { ensureNettoolsOnHost } from './nettools-image';

export type FirewallHost = Pick<Host, 'id' | 'name' | 'dockerUrl' | 'tls' | 'sshHostKey' | 'isLocal'>;

/** Rules found in place are trusted this long; then the next app network use checks them again. */
export const RECHECK_MS = 60_000;

const checkedAt = new Map<string, number>();
const pending = new Map<string, Promise<void>>();

/**
 * Installs or repairs the app firewall (lib/docker/app-firewall.ts) on `host`: this machine's
 * iptables for an engine on a unix socket, a nettools container in the host's network namespace
 * for a remote one (tcp://, ssh://). Checked again at most once a minute per host; concurrent
 * callers for one host share one run. Fails closed: a host whose rules cannot be installed gets
 * an error with the reason, and no app container starts there (ensureAppNetworkOnHost).
 * BERTH_APP_FIREWALL=off skips it (apps isolated some other way).
 */
export function ensureHostFirewall(host: FirewallHost, now: () => number = Date.now): Promise<void> {
  if (config().BERTH_APP_FIREWALL === 'off') return Promise.resolve();
  if (now() - (checkedAt.get(host.id) ?? -Infinity) < RECHECK_MS) return Promise.resolve();
  let running = pending.get(host.id);
  if (!running) {
    running = install(host)
      .then(() => void checkedAt.set(host.id, now()))
      .catch((error: unknown) => {
        throw new AppError(
          'UNAVAILABLE',
          `The app firewall could not be installed on host ${host.name} (${describeError(error)}): ` +
            'no app container starts there until it is (docs/security.md, "Apps and the host")',
        );
      })
      .finally(() => pending.delete(host.id));
    pending.set(host.id, running);
  }
  return running;
}

/** Forgets a host's last check (it was deleted, or it came back and may have lost its rules). */
export function forgetHostFirewall(hostId: string): void {
  checkedAt.delete(hostId);
}

/**
 * Installs the rules now, in the background, whatever the last check said: a host was just added,
 * or came back from UNREACHABLE (perhaps rebooted, its rules gone). A failure is recorded as a
 * `host.firewall` event; app containers on that host stay refused until an install succeeds.
 */
export function refreshHostFirewall(host: FirewallHost): void {
  if (config().BERTH_APP_FIREWALL === 'off') return;
  forgetHostFirewall(host.id);
  ensureHostFirewall(host).catch((error: unknown) =>
    recordEvent({ kind: 'host.firewall', message: describeError(error), hostId: host.id }).catch(() => undefined),
  );
}

async function install(host: FirewallHost): Promise<void> {
  const docker = dockerForHost(host);
  if (isLocalEngine(docker)) return installLocalAppFirewall();
  await installRemoteAppFirewall(docker, await ensureNettoolsOnHost(host));
}
