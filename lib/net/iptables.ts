import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * The host firewall helpers shared by the build network (lib/builds/build-firewall.ts) and the
 * app networks (lib/docker/app-firewall.ts): a chain replaced atomically (iptables-restore
 * --noflush) only when it differs, a jump rule kept once at the top of its chain, and the address
 * ranges a sandbox must not reach. Where iptables runs is injected (`IptablesRunner`): this
 * machine (`localIptables`, argv arrays with a timeout), or a remote Docker host's network
 * namespace through a short-lived container (lib/docker/nettools-container.ts).
 */

/** Runs iptables somewhere, always with argv arrays (rules are data, never a shell string). */
export type IptablesRunner = {
  /** `iptables <args>` (filter table unless args say otherwise): stdout, or a rejection with stderr. */
  iptables(args: string[]): Promise<string>;
  /** `iptables-restore --noflush -w 10` fed `input` on stdin. */
  restore(input: string): Promise<void>;
};

/** Private, loopback, link-local (cloud metadata), CGNAT, benchmark, multicast and reserved. */
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

/**
 * The IPv4 resolvers Docker gives containers: /etc/resolv.conf, or systemd-resolved's upstream
 * list when that only names a loopback stub (Docker does the same).
 */
export function hostNameservers(): string[] {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  return nameserversOf(read('/etc/resolv.conf'), () => read('/run/systemd/resolve/resolv.conf'));
}

/**
 * Pure: the non-loopback IPv4 nameservers of a resolv.conf text; when it names only a loopback
 * stub (systemd-resolved), those of `upstream()` (systemd's own list), as Docker does.
 */
export function nameserversOf(resolvConf: string, upstream: () => string = () => ''): string[] {
  const parse = (text: string) =>
    [...text.matchAll(/^\s*nameserver\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/gm)].map((m) => m[1]).filter((ip) => !ip.startsWith('127.'));
  const etc = parse(resolvConf);
  return [...new Set(etc.length > 0 ? etc : parse(upstream()))];
}

/** Docker's embedded DNS forwards a container's queries from the container's own namespace: the resolvers stay reachable, port 53 only. */
export function nameserverExceptions(chain: string, nameservers: string[]): string[] {
  const rules: string[] = [];
  for (const ns of nameservers)
    for (const proto of ['udp', 'tcp']) rules.push(`-A ${chain} -d ${ns}/32 -p ${proto} -m ${proto} --dport 53 -j RETURN`);
  return rules;
}

/** Replaces `chain` (filter table) with `rules` (iptables-save lines) unless it already holds exactly them. */
export async function replaceChain(run: IptablesRunner, chain: string, rules: string[]): Promise<void> {
  const have = await run.iptables(['-w', '10', '-S', chain]).then(
    (out) => out.split('\n').filter((l) => l.startsWith('-A ')).map(normalise),
    () => null,
  );
  if (have && have.join('\n') === rules.map(normalise).join('\n')) return;
  await run.restore(['*filter', `:${chain} - [0:0]`, ...rules, 'COMMIT', ''].join('\n'));
}

/** `-C` then `-I … 1`: the rule exists once, first in its chain. */
export async function ensureRule(run: IptablesRunner, chain: string, rule: string[]): Promise<void> {
  const exists = await run.iptables(['-w', '10', '-C', chain, ...rule]).then(
    () => true,
    () => false,
  );
  if (!exists) await run.iptables(['-w', '10', '-I', chain, '1', ...rule]);
}

/** Creates `chain` (filter table) unless it exists: an engine run with --iptables=false has no DOCKER-USER. */
export async function ensureChain(run: IptablesRunner, chain: string): Promise<void> {
  const exists = await run.iptables(['-w', '10', '-S', chain]).then(
    () => true,
    () => false,
  );
  if (!exists) await run.iptables(['-w', '10', '-N', chain]);
}

/** iptables -S prints "/32"-less hosts and may order options differently: compare loosely. */
const normalise = (rule: string) => rule.replace(/\s+/g, ' ').trim();

/** IPv4 networks of this machine's interfaces (except loopback) outside BLOCKED_RANGES, e.g. a public LAN. */
export function localSubnets(): string[] {
  const cidrs: string[] = [];
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal && a.cidr) cidrs.push(a.cidr);
  return ownSubnets(cidrs);
}

/** Pure: the networks of interface addresses ("192.0.2.7/24") that BLOCKED_RANGES does not cover already. */
export function ownSubnets(cidrs: string[]): string[] {
  const out = new Set<string>();
  for (const cidr of cidrs) {
    const net = networkOf(cidr);
    if (!BLOCKED_RANGES.some((range) => contains(range, net))) out.add(net);
  }
  return [...out].sort();
}

/**
 * Pure: the IPv4 addresses of `ip -o -4 addr show` output ("2: eth0    inet 192.0.2.7/24 brd …"),
 * loopback left out: a remote host's interfaces, read in its network namespace.
 */
export function addressesOfIpAddr(output: string): string[] {
  const out: string[] = [];
  for (const m of output.matchAll(/^\d+:\s+(\S+)\s+inet\s+(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})\b(.*)$/gm))
    if (m[1] !== 'lo' && !/\bscope host\b/.test(m[3])) out.push(m[2]);
  return out;
}

/** IPv4 addresses of this machine's interfaces (loopback included), each as a /32. */
export function localAddresses(): string[] {
  const out = new Set<string>();
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === 'IPv4') out.add(`${a.address}/32`);
  return [...out].sort();
}

const ipv4 = (ip: string) => ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
const maskOf = (bits: number) => (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);

export function networkOf(cidr: string): string {
  const [ip, bits] = cidr.split('/');
  const net = (ipv4(ip) & maskOf(Number(bits))) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

/** Whether network `inner` lies inside network `outer`. */
export function contains(outer: string, inner: string): boolean {
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

/** iptables of this machine (Berth runs as root, or with NET_ADMIN in compose). */
export const localIptables: IptablesRunner = { iptables, restore };

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
