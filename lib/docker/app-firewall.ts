import type Docker from 'dockerode';
import { config } from '../config';
import { BLOCKED_RANGES, ensureRule, hostNameservers, localSubnets, nameserverExceptions, replaceChain } from '../net/iptables';

/**
 * Host firewall for the app networks (every bridge Berth makes from BERTH_APP_NETWORK_POOL),
 * iptables filter table, installed by Berth on the machine that runs the engine:
 *
 *   INPUT        -s <pool> → BERTH-APPS-IN   nothing on the host answers an app: not Postgres,
 *                                            Redis, the web UI, the registry, a tcp Docker API,
 *                                            published ports of other apps, whatever address
 *                                            (the bridge gateway, docker0, eth0, …). Replies to
 *                                            connections the host opened (the edge proxy →
 *                                            docker-proxy → the app, health checks) pass, and so
 *                                            do DNS queries to the host's resolvers.
 *   DOCKER-USER  -s <pool> → BERTH-APPS      forwarded traffic: the app's own network passes on
 *                                            to Docker's rules (which drop app → other app
 *                                            network); private, loopback, link-local (cloud
 *                                            metadata), CGNAT, multicast and reserved ranges and
 *                                            this machine's subnets are refused; the rest (the
 *                                            internet) is allowed.
 *
 * Chains are replaced atomically only when they differ; the jumps are kept first in INPUT and
 * DOCKER-USER. Repaired at most once a minute per process, on the next ensureAppNetwork.
 */
export const APPS_CHAIN = 'BERTH-APPS';
export const APPS_INPUT_CHAIN = 'BERTH-APPS-IN';

const REJECT = '-j REJECT --reject-with icmp-port-unreachable';
const ESTABLISHED = '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN';

/** Pure: both chains as iptables-save prints them (unit-tested). */
export function appFirewallRules(pool: string, nameservers: string[], ownSubnets: string[]): { forward: string[]; input: string[] } {
  const forward = [
    `-A ${APPS_CHAIN} ${ESTABLISHED}`,
    // Within the pool: an app's own network. Crossing to another app's bridge is dropped by
    // Docker's DOCKER-ISOLATION chains, which come after DOCKER-USER.
    `-A ${APPS_CHAIN} -d ${pool} -j RETURN`,
    ...nameserverExceptions(APPS_CHAIN, nameservers),
    ...[...BLOCKED_RANGES, ...ownSubnets].map((cidr) => `-A ${APPS_CHAIN} -d ${cidr} ${REJECT}`),
    `-A ${APPS_CHAIN} -j RETURN`,
  ];
  const input = [`-A ${APPS_INPUT_CHAIN} ${ESTABLISHED}`, ...nameserverExceptions(APPS_INPUT_CHAIN, nameservers), `-A ${APPS_INPUT_CHAIN} ${REJECT}`];
  return { forward, input };
}

const RECHECK_MS = 60_000;
let checkedAt = 0;
let pending: Promise<void> | null = null;

/**
 * Installs or repairs the rules when `docker` runs on this machine (a unix socket): its bridges
 * live in this machine's network namespace. Remote engines need the same rules on their host
 * (docs/security.md, "Apps and the host"). BERTH_APP_FIREWALL=off skips it (isolated otherwise).
 */
export function ensureAppFirewall(docker: Docker): Promise<void> {
  if (config().BERTH_APP_FIREWALL === 'off') return Promise.resolve();
  if (!(docker.modem as { socketPath?: string }).socketPath) return Promise.resolve();
  if (Date.now() - checkedAt < RECHECK_MS) return Promise.resolve();
  pending ??= install()
    .then(() => void (checkedAt = Date.now()))
    .finally(() => (pending = null));
  return pending;
}

async function install(): Promise<void> {
  const pool = config().BERTH_APP_NETWORK_POOL;
  const { forward, input } = appFirewallRules(pool, hostNameservers(), localSubnets());
  await replaceChain(APPS_CHAIN, forward);
  await replaceChain(APPS_INPUT_CHAIN, input);
  await ensureRule('DOCKER-USER', ['-s', pool, '-j', APPS_CHAIN]);
  await ensureRule('INPUT', ['-s', pool, '-j', APPS_INPUT_CHAIN]);
}
