import { lookup } from 'node:dns/promises';
import net from 'node:net';
import os from 'node:os';

/**
 * Whether Berth may connect to an address on a user's behalf (webhook remotes): not private,
 * loopback, link-local (cloud metadata), CGNAT, multicast or otherwise special, and not one of
 * this machine's own addresses. IPv4-mapped and NAT64 IPv6 forms are judged by their IPv4 part.
 */
const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['100::', 64],
  ['2001:db8::', 32],
] as const)
  BLOCKED.addSubnet(prefix, bits, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return isPublicAddress(v4);
  }
  if (BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6')) return false;
  return !localAddresses().has(normalise(address));
}

/** ::ffff:a.b.c.d, ::a.b.c.d and 64:ff9b::a.b.c.d (also in hex) → a.b.c.d; else null. */
function embeddedIpv4(address: string): string | null {
  const words = expandIpv6(address);
  if (!words) return null;
  const mapped = words.slice(0, 5).every((w) => w === 0) && (words[5] === 0xffff || words[5] === 0);
  const nat64 = words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0);
  if (!mapped && !nat64) return null;
  if (mapped && words[5] === 0 && words[6] === 0 && words[7] <= 1) return null; // :: and ::1
  return [words[6] >> 8, words[6] & 255, words[7] >> 8, words[7] & 255].join('.');
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0];
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const p = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === null ? 0 : 8 - h.length - t.length;
  const words = [...h, ...Array(Math.max(0, fill)).fill('0'), ...t].map((w) => Number.parseInt(w || '0', 16));
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

const normalise = (address: string) => (net.isIP(address) === 6 ? (expandIpv6(address) ?? []).join(':') : address);

function localAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) out.add(normalise(a.address));
  return out;
}

const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Every address `host` resolves to (or the literal itself), refusing the whole name when any
 * of them is not public: a name with one internal address is how rebinding tricks start.
 */
export async function resolvePublic(host: string): Promise<{ addresses: string[]; refused: string | null }> {
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (net.isIP(literal)) addresses = [literal];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        lookup(literal, { all: true, verbatim: true }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('DNS lookup timed out')), LOOKUP_TIMEOUT_MS);
        }),
      ]);
      addresses = found.map((a) => a.address);
    } catch {
      return { addresses: [], refused: `cannot resolve ${literal}` };
    } finally {
      clearTimeout(timer);
    }
  }
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (addresses.length === 0) return { addresses, refused: `cannot resolve ${literal}` };
  if (bad) return { addresses, refused: `${literal} resolves to ${bad}, a private, loopback, link-local or local address` };
  return { addresses, refused: null };
}
