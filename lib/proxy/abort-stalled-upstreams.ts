import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { describeError } from '../errors';
import { isStalled, parseSsConnections } from './stalled-connections';

const run = promisify(execFile);
const SS_TIMEOUT_MS = 5_000;
/** Bounds one pass (each abort is one `ss -K`); what is left is aborted by the next heartbeat. */
const MAX_ABORTS = 64;

/** A suspect host: where its instances' ports are published. */
export type SuspectHost = { address: string; portRangeStart: number; portRangeEnd: number };

let warned = false;

/**
 * Aborts this machine's TCP connections that are stalled on a cut-off host's app ports (data
 * sent, unanswered through retransmissions: stalled-connections.ts), for the ports the proxy no
 * longer routes. Such a connection is nginx's kept-alive one to an upstream at the moment of a
 * partition: the request written on it would wait `proxy_read_timeout` (120 s). Destroyed by the
 * kernel (`ss -K`, SOCK_DESTROY: needs CAP_NET_ADMIN and CONFIG_INET_DIAG_DESTROY), nginx sees an
 * `error` and, by `proxy_next_upstream error timeout`, resends the request to the app's other
 * instance at once (idempotent methods only; nginx never resends a POST it has sent).
 * Ports still routed are left alone: for an app with nothing else to answer, TCP's own
 * retransmissions deliver the request if the host comes back soon. Hosts registered by name
 * are skipped (nginx connects to the addresses it resolved, which `ss` cannot be asked about).
 * Best effort: without `ss` or the capability it warns once and aborts nothing.
 * `routed()` gives the upstreams the proxy routes (`<address>:<port>`, as rendered); it is asked
 * only when a stalled connection is found, which is rare, so a quiet pass costs one `ss` per host.
 * Returns the aborted connections as `local>peer`.
 */
export async function abortStalledUpstreams(hosts: SuspectHost[], routed: () => Promise<Set<string>>): Promise<string[]> {
  const aborted: string[] = [];
  let routedSet: Set<string> | null = null;
  try {
    for (const host of hosts) {
      const address = host.address.replace(/^\[(.*)\]$/, '$1');
      const family = isIP(address);
      if (family === 0) continue;
      const { stdout } = await run('ss', ['-tinH', 'state', 'established', 'dst', family === 6 ? `[${address}]` : address], {
        timeout: SS_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      });
      const stalled = parseSsConnections(stdout).filter(
        (c) => isStalled(c) && c.peerPort >= host.portRangeStart && c.peerPort <= host.portRangeEnd,
      );
      if (stalled.length === 0) continue;
      routedSet ??= await routed();
      for (const c of stalled) {
        if (routedSet.has(`${host.address}:${c.peerPort}`)) continue;
        if (aborted.length >= MAX_ABORTS) return aborted;
        await run('ss', ['-K', '-tnH', 'state', 'established', 'src', c.local, 'dst', c.peer], { timeout: SS_TIMEOUT_MS });
        aborted.push(`${c.local}>${c.peer}`);
      }
    }
  } catch (error) {
    if (!warned) console.warn(`[proxy] cannot abort stalled upstream connections (ss -K): ${describeError(error)}`);
    warned = true;
  }
  return aborted;
}
