import { describe, expect, it } from 'vitest';
import { appFirewallRules } from './app-firewall';

describe('appFirewallRules', () => {
  const { forward, input } = appFirewallRules('10.128.0.0/16', ['10.255.255.53'], ['192.0.2.0/24']);

  it('forwarded: replies pass, the pool passes on to Docker isolation, private ranges are refused, the rest is allowed', () => {
    expect(forward[0]).toBe('-A BERTH-APPS -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN');
    expect(forward[1]).toBe('-A BERTH-APPS -d 10.128.0.0/16 -j RETURN');
    expect(forward).toContain('-A BERTH-APPS -d 10.255.255.53/32 -p udp -m udp --dport 53 -j RETURN');
    for (const cidr of ['10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '192.0.2.0/24'])
      expect(forward).toContain(`-A BERTH-APPS -d ${cidr} -j REJECT --reject-with icmp-port-unreachable`);
    expect(forward.at(-1)).toBe('-A BERTH-APPS -j RETURN'); // public addresses: allowed
    // The DNS exception comes before the 10/8 refusal it lies in.
    expect(forward.indexOf('-A BERTH-APPS -d 10.255.255.53/32 -p tcp -m tcp --dport 53 -j RETURN')).toBeLessThan(
      forward.indexOf('-A BERTH-APPS -d 10.0.0.0/8 -j REJECT --reject-with icmp-port-unreachable'),
    );
  });

  it('to the host: only replies and DNS to the resolvers, everything else refused', () => {
    expect(input).toEqual([
      '-A BERTH-APPS-IN -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-A BERTH-APPS-IN -d 10.255.255.53/32 -p udp -m udp --dport 53 -j RETURN',
      '-A BERTH-APPS-IN -d 10.255.255.53/32 -p tcp -m tcp --dport 53 -j RETURN',
      '-A BERTH-APPS-IN -j REJECT --reject-with icmp-port-unreachable',
    ]);
  });
});
