import type Docker from 'dockerode';
import { config } from '../config';
import {
  addressesOfIpAddr,
  BLOCKED_RANGES,
  ensureChain,
  ensureRule,
  hostNameservers,
  localIptables,
  localSubnets,
  nameserverExceptions,
  nameserversOf,
  ownSubnets,
  replaceChain,
  type IptablesRunner,
} from '../net/iptables';
import { withHostNetns } from './nettools-container';

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
 * DOCKER-USER. The same rules on every host: this machine's iptables directly, a remote engine's
 * host through a nettools container (./nettools-container.ts). When and how often: lib/firewall.
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

export type HostNetworkFacts = {
  /** The resolvers app containers' DNS queries go to (Docker's embedded DNS forwards them). */
  nameservers: string[];
  /** The host's own networks outside BLOCKED_RANGES (a public LAN). */
  subnets: string[];
};

/**
 * Installs or repairs both chains and their jumps through `run` — this machine's iptables or a
 * remote host's (one implementation for both). An engine run with --iptables=false has no
 * DOCKER-USER chain: it is made and jumped to from FORWARD as Docker itself does, so the rules
 * take effect there too.
 */
export async function installAppFirewall(run: IptablesRunner, facts: HostNetworkFacts, pool = config().BERTH_APP_NETWORK_POOL): Promise<void> {
  const { forward, input } = appFirewallRules(pool, facts.nameservers, facts.subnets);
  await replaceChain(run, APPS_CHAIN, forward);
  await replaceChain(run, APPS_INPUT_CHAIN, input);
  await ensureChain(run, 'DOCKER-USER');
  await ensureRule(run, 'FORWARD', ['-j', 'DOCKER-USER']);
  await ensureRule(run, 'DOCKER-USER', ['-s', pool, '-j', APPS_CHAIN]);
  await ensureRule(run, 'INPUT', ['-s', pool, '-j', APPS_INPUT_CHAIN]);
}

/** Whether `docker` runs on this machine (a unix socket): its bridges live in this network namespace. */
export function isLocalEngine(docker: Docker): boolean {
  return Boolean((docker.modem as { socketPath?: string }).socketPath);
}

/** This machine's rules, with its own resolvers and subnets. */
export function installLocalAppFirewall(): Promise<void> {
  return installAppFirewall(localIptables, { nameservers: hostNameservers(), subnets: localSubnets() });
}

/**
 * A remote engine's host (tcp://, ssh://): the same rules, installed through a nettools
 * container (`image`, present on that host) in its network namespace; the resolvers and subnets
 * are that host's, read there.
 */
export function installRemoteAppFirewall(docker: Docker, image: string): Promise<void> {
  return withHostNetns(docker, image, async (host) => {
    const { etc, systemd } = await host.resolvConf();
    const facts = { nameservers: nameserversOf(etc, () => systemd), subnets: ownSubnets(addressesOfIpAddr(await host.ipAddr())) };
    await installAppFirewall(host.iptables, facts);
  });
}
