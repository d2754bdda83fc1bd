import { describe, expect, it } from 'vitest';
import { isStalled, parseSsConnections } from './stalled-connections';

// Real `ss -tinH state established dst 10.201.77.2` output (iproute2 6.1): the first connection
// carries a GET sent into a DROP partition, the second is an idle kept-alive one, the third waits
// for a slow answer from a healthy peer (its request acknowledged).
const OUTPUT = [
  '0      67     10.201.77.1:34788 10.201.77.2:18080',
  '\t bbr wscale:10,10 rto:1632 backoff:3 rtt:0.082/0.045 ato:40 mss:1448 cwnd:1 bytes_sent:402 bytes_retrans:268 bytes_acked:68 lastsnd:736 lastrcv:5432 lastack:4416 busy:2424ms unacked:1 retrans:1/4 lost:1 rcv_space:14480 minrtt:0.03 snd_wnd:65536',
  '0      0      10.201.77.1:34790 10.201.77.2:18081',
  '\t bbr wscale:10,10 rto:204 rtt:0.05/0.02 ato:40 mss:1448 cwnd:10 bytes_sent:134 bytes_acked:135 lastsnd:9000 lastrcv:9000 lastack:9000 rcv_space:14480 minrtt:0.03 snd_wnd:65536',
  '0      0      10.201.77.1:34792 10.201.77.2:18080',
  '\t bbr wscale:10,10 rto:204 rtt:0.05/0.02 mss:1448 cwnd:10 bytes_sent:67 bytes_acked:68 lastsnd:5000 lastrcv:5000 lastack:5000 busy:1ms rcv_space:14480',
  '',
].join('\n');

describe('parseSsConnections', () => {
  const conns = parseSsConnections(OUTPUT);

  it('reads each connection with its peer port and retransmission state', () => {
    expect(conns).toEqual([
      { local: '10.201.77.1:34788', peer: '10.201.77.2:18080', peerPort: 18080, unacked: 1, backoff: 3 },
      { local: '10.201.77.1:34790', peer: '10.201.77.2:18081', peerPort: 18081, unacked: 0, backoff: 0 },
      { local: '10.201.77.1:34792', peer: '10.201.77.2:18080', peerPort: 18080, unacked: 0, backoff: 0 },
    ]);
  });

  it('calls stalled only sent data unacknowledged through two timeouts', () => {
    expect(conns.map(isStalled)).toEqual([true, false, false]);
    expect(isStalled({ ...conns[0], backoff: 1 })).toBe(false);
  });

  it('reads IPv6 peers and ignores what is not a connection', () => {
    const v6 = parseSsConnections('garbage\n0 0 [::1]:40000 [::1]:21001\n\t unacked:2 backoff:4\n');
    expect(v6).toEqual([{ local: '[::1]:40000', peer: '[::1]:21001', peerPort: 21001, unacked: 2, backoff: 4 }]);
  });
});
