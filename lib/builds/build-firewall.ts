import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

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

export const BLOCKED_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
];

const IPTABLES_TIMEOUT_MS = 20_000;

export type FirewallOptions = { bridge: string; allow: string[]; nameservers?: string[] };

/**
 * The IPv4 resolvers Docker gives containers: /etc/resolv.conf, or systemd-resolved's upstream
 * list when that only names a loopback stub (Docker does the same).
 */
export function hostNameservers(): string[] {
  const read = (file: string) => {
    try {
      return [...readFileSync(file, 'utf8').matchAll(/^\s*nameserver\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/gm)].map((m) => m[1]);
    } catch {
      return [];
    }
  };
  const etc = read('/etc/resolv.conf').filter((ip) => !ip.startsWith('127.'));
  const list = etc.length > 0 ? etc : read('/run/systemd/resolve/resolv.conf').filter((ip) => !ip.startsWith('127.'));
  return [...new Set(list)];
}

/** The BERTH-BUILD chain as iptables-save prints it. */
export function chainRules(options: FirewallOptions): string[] {
  const rules: string[] = [];
  for (const cidr of options.allow) rules.push(`-A ${BUILD_CHAIN} -d ${cidr} -j RETURN`);
  // Docker's embedded DNS forwards a container's queries to the host's resolvers from the
  // container's own namespace: those resolvers stay reachable, on port 53 only.
  for (const ns of options.nameservers ?? hostNameservers())
    for (const proto of ['udp', 'tcp']) rules.push(`-A ${BUILD_CHAIN} -d ${ns}/32 -p ${proto} -m ${proto} --dport 53 -j RETURN`);
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
  const want = chainRules(options);
  const have = await iptables(['-w', '10', '-S', BUILD_CHAIN]).then(
    (out) => out.split('\n').filter((l) => l.startsWith('-A ')).map(normalise),
    () => null,
  );
  if (!have || have.join('\n') !== want.map(normalise).join('\n')) {
    await restore(['*filter', `:${BUILD_CHAIN} - [0:0]`, ...want, 'COMMIT', ''].join('\n'));
  }
  await ensureRule('DOCKER-USER', ['-i', options.bridge, '-j', BUILD_CHAIN]);
  await ensureRule('INPUT', ['-i', options.bridge, '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable']);
}

/** `-C` then `-I … 1`: the rule exists once, first in its chain. */
async function ensureRule(chain: string, rule: string[]): Promise<void> {
  const exists = await iptables(['-w', '10', '-C', chain, ...rule]).then(
    () => true,
    () => false,
  );
  if (!exists) await iptables(['-w', '10', '-I', chain, '1', ...rule]);
}

/** iptables -S prints "/32"-less hosts and may order options differently: compare loosely. */
const normalise = (rule: string) => rule.replace(/\s+/g, ' ').trim();

/** IPv4 networks of this machine's interfaces (except loopback), e.g. the LAN the host sits on. */
function localSubnets(): string[] {
  const out = new Set<string>();
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family !== 'IPv4' || a.internal || !a.cidr) continue;
      const net = networkOf(a.cidr);
      if (!BLOCKED_RANGES.some((range) => contains(range, net))) out.add(net);
    }
  }
  return [...out].sort();
}

const ipv4 = (ip: string) => ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
const maskOf = (bits: number) => (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);

function networkOf(cidr: string): string {
  const [ip, bits] = cidr.split('/');
  const net = (ipv4(ip) & maskOf(Number(bits))) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

/** Whether network `inner` lies inside network `outer`. */
function contains(outer: string, inner: string): boolean {
  const [oip, obits] = outer.split('/');
  const [iip, ibits] = inner.split('/');
  if (Number(ibits) < Number(obits)) return false;
  const mask = maskOf(Number(obits));
  return ((ipv4(oip) & mask) >>> 0) === ((ipv4(iip) & mask) >>> 0);
}

/** "10.1.2.3" → "10.1.2.3/32", as iptables prints it; null when not an IPv4 CIDR. */
export function normaliseCidr(value: string): string | null {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (!m || m[1].split('.').some((p) => Number(p) > 255) || Number(m[2] ?? 32) > 32) return null;
  return networkOf(`${m[1]}/${m[2] ?? 32}`);
}

function iptables(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('iptables', args, { timeout: IPTABLES_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) reject(new Error(`iptables ${args.filter((a) => a !== '-w' && a !== '10').join(' ')}: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });
}

function restore(input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('iptables-restore', ['--noflush', '-w', '10'], { stdio: ['pipe', 'ignore', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), IPTABLES_TIMEOUT_MS);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`iptables-restore exited with ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(input);
  });
}
