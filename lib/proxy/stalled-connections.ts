/**
 * Reads `ss -tinH state established dst <address>` (pure, unit-tested): each connection is a line
 * `Recv-Q Send-Q local peer` followed by a tab-indented line of TCP internals.
 *
 * A connection is stalled when data it sent is unacknowledged (`unacked:`) and the retransmission
 * timer has already backed off twice (`backoff:` ≥ 2: no ACK for ≥ 0.6 s, the kernel's RTO starts
 * at 200 ms). That is a peer cut off by a partition, where packets vanish (no RST, no ICMP): nginx
 * would wait `proxy_read_timeout` on it. A healthy peer ACKs in the kernel whatever its app is
 * doing, so a slow or long-polling request (sent data acknowledged, waiting for the answer) is
 * never stalled; neither is an idle kept-alive one (nothing unacknowledged), nor one probing a
 * full receive window (zero-window probes send no new data: `unacked` stays 0).
 */
export type TcpConnection = { local: string; peer: string; peerPort: number; unacked: number; backoff: number };

export const STALLED_MIN_BACKOFF = 2;

export function parseSsConnections(text: string): TcpConnection[] {
  const out: TcpConnection[] = [];
  for (const line of text.split('\n')) {
    const head = /^(\d+)\s+(\d+)\s+(\S+)\s+(\S+)/.exec(line);
    if (head) {
      const peerPort = Number(head[4].slice(head[4].lastIndexOf(':') + 1));
      if (Number.isInteger(peerPort)) out.push({ local: head[3], peer: head[4], peerPort, unacked: 0, backoff: 0 });
      continue;
    }
    const last = out[out.length - 1];
    if (!last || !/^\s/.test(line)) continue;
    last.unacked = Number(/\bunacked:(\d+)/.exec(line)?.[1] ?? last.unacked);
    last.backoff = Number(/\bbackoff:(\d+)/.exec(line)?.[1] ?? last.backoff);
  }
  return out;
}

export const isStalled = (c: TcpConnection) => c.unacked > 0 && c.backoff >= STALLED_MIN_BACKOFF;
