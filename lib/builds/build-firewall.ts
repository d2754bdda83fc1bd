import { BLOCKED_RANGES, ensureRule, hostNameservers, localIptables, localSubnets, nameserverExceptions, replaceChain } from '../net/iptables';

export { normaliseCidr } from '../net/iptables';

/**
 * Host firewall rules for the build bridge (iptables, filter table; Berth runs as root):
 *   INPUT        -i <bridge> → REJECT     nothing on this machine is reachable from a build:
 *                                          not the registry, the UI, the Docker API, app ports,
 *                                          whatever address (docker0, eth0, the bridge gateway)
 *   DOCKER-USER  -i <bridge> → BERTH-BUILD, which REJECTs private, loopback, link-local, CGNAT,
 *                                          multicast/reserved ranges and this machine's own
 *                                          subnets (cloud metadata 169.254.169.254 included),
 *                                          except the CIDRs the admin allowed
 * Public addresses stay reachable (npm, PyPI, Maven Central). Docker's embedded DNS answers
 * inside the container's namespace, so name resolution keeps working. The chain is replaced
 * atomically (iptables-restore --noflush) and only when it differs.
 */
export const BUILD_CHAIN = 'BERTH-BUILD';

export type FirewallOptions = { bridge: string; allow: string[]; nameservers?: string[] };

/** The BERTH-BUILD chain as iptables-save prints it. */
export function chainRules(options: FirewallOptions): string[] {
  const rules: string[] = [];
  for (const cidr of options.allow) rules.push(`-A ${BUILD_CHAIN} -d ${cidr} -j RETURN`);
  rules.push(...nameserverExceptions(BUILD_CHAIN, options.nameservers ?? hostNameservers()));
  for (const cidr of [...BLOCKED_RANGES, ...localSubnets()])
    rules.push(`-A ${BUILD_CHAIN} -d ${cidr} -j REJECT --reject-with icmp-port-unreachable`);
  rules.push(`-A ${BUILD_CHAIN} -j RETURN`);
  return rules;
}

let pending: Promise<void> | null = null;

/** Installs or repairs the rules; concurrent callers in one process share one run. */
export function ensureBuildFirewall(options: FirewallOptions): Promise<void> {
  pending ??= install(options).finally(() => (pending = null));
  return pending;
}

async function install(options: FirewallOptions): Promise<void> {
  await replaceChain(localIptables, BUILD_CHAIN, chainRules(options));
  await ensureRule(localIptables, 'DOCKER-USER', ['-i', options.bridge, '-j', BUILD_CHAIN]);
  await ensureRule(localIptables, 'INPUT', ['-i', options.bridge, '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable']);
}
