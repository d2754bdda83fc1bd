import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Who is on the other end of a request, for sign-in throttling and the sessions list.
 *
 * `next start` (16.x, base-server.js) sets `X-Forwarded-For` to the socket address only when the
 * request has none (`??=`): a client talking to port 3000 directly sends its own header and Next
 * passes it through unchanged. Route handlers get no socket. So the web process stamps every
 * request with the socket's address itself (installPeerStamp, called from instrumentation.ts):
 * a header carrying a per-process random secret, which a client cannot forge; a copy sent by the
 * client is overwritten. X-Forwarded-For is only believed when that peer is a proxy named in
 * BERTH_TRUSTED_PROXIES, and then read from the right, skipping trusted proxies.
 */
export const PEER_HEADER = 'x-berth-peer';

type StampState = { secret: string; installed: boolean; warned: boolean };
const STATE_KEY = Symbol.for('berth.peerStamp');

function state(): StampState {
  const g = globalThis as typeof globalThis & { [STATE_KEY]?: StampState };
  g[STATE_KEY] ??= { secret: randomBytes(16).toString('hex'), installed: false, warned: false };
  return g[STATE_KEY];
}

/** The PEER_HEADER value that says "the socket peer was `address`" in this process. */
export function peerStamp(address: string): string {
  return `${state().secret} ${address}`;
}

/**
 * Patches http.Server so every incoming request carries PEER_HEADER with its socket address
 * before Next sees it. Idempotent. Requests that arrived before it ran have no valid stamp and
 * count as an unknown client.
 */
export function installPeerStamp(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  const proto = http.Server.prototype as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const emit = proto.emit;
  proto.emit = function emitWithPeer(this: unknown, event: string | symbol, ...args: unknown[]) {
    if (event === 'request' || event === 'upgrade') {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = peerStamp(req.socket?.remoteAddress ?? '');
    }
    return emit.call(this, event, ...args);
  };
}

/** The socket address stamped on these headers by this process, or null (missing or forged). */
export function stampedPeer(headers: Headers): string | null {
  const value = headers.get(PEER_HEADER);
  if (!value) return null;
  const space = value.indexOf(' ');
  if (space < 0) return null;
  const given = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(state().secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return normalizeAddress(value.slice(space + 1));
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything that is not an IP address → null. */
export function normalizeAddress(raw: string): string | null {
  let address = raw.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1];
  return isIP(address) ? address.toLowerCase() : null;
}

/** BERTH_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges, e.g. `127.0.0.1, 10.0.0.0/8, ::1`. */
export function parseTrustedProxies(value: string): BlockList {
  const list = new BlockList();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address);
    if (!type) throw new Error(`not an IP address or CIDR range: ${entry}`);
    const family = type === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (type === 4 ? 32 : 128)) throw new Error(`bad prefix length: ${entry}`);
      list.addSubnet(address, bits, family);
    }
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (a client may prepend anything it
 * likes, but it cannot get past the entries its own proxies appended). Null when unknown.
 */
export function resolveClientAddress(input: { peer: string | null; forwardedFor: string | null; trusted: BlockList }): string | null {
  let client = input.peer;
  if (!client || !isTrusted(input.trusted, client)) return client;
  const hops = (input.forwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) return client; // garbage: stop at the last address we could trust
    client = hop;
    if (!isTrusted(input.trusted, hop)) return hop;
  }
  return client;
}

/** Logged once per process when requests arrive without a stamp (e.g. before startup finished). */
export function warnUnstamped(): void {
  const s = state();
  if (s.warned || !s.installed) return;
  s.warned = true;
  console.warn('[berth] a request arrived without the peer-address stamp; it counts as an unknown client');
}

/**
 * Throttling key for an address: IPv4 as is, IPv6 by its /64 (one customer network hands out a
 * whole /64, so per-address counting would be free to evade).
 */
export function throttleKey(address: string | null): string {
  if (!address) return 'unknown';
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 style) counts as two groups.
  const groups = [...h, ...Array(Math.max(0, 8 - h.length - t.length - (t.some((g) => g.includes('.')) ? 1 : 0))).fill('0'), ...t];
  return groups.map((g) => (g.includes('.') ? g : g.padStart(4, '0').toLowerCase()));
}
