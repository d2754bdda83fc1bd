import { describe, expect, it } from 'vitest';
import { fakeIptables } from '../net/fake-iptables';
import { appFirewallRules, installAppFirewall } from './app-firewall';

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

describe('installAppFirewall (one implementation for this machine and remote hosts)', () => {
  it('an engine run with --iptables=false: DOCKER-USER is made and jumped to from FORWARD; both jumps first; a second run changes nothing', async () => {
    const { runner, calls, chains } = fakeIptables({ INPUT: ['-A INPUT -j ACCEPT'], FORWARD: ['-A FORWARD -j ACCEPT'] });
    const facts = { nameservers: ['10.255.255.53'], subnets: [] };
    await installAppFirewall(runner, facts, '10.128.0.0/16');
    expect(chains.FORWARD).toEqual(['-A FORWARD -j DOCKER-USER', '-A FORWARD -j ACCEPT']);
    expect(chains['DOCKER-USER']).toEqual(['-A DOCKER-USER -s 10.128.0.0/16 -j BERTH-APPS']);
    expect(chains.INPUT).toEqual(['-A INPUT -s 10.128.0.0/16 -j BERTH-APPS-IN', '-A INPUT -j ACCEPT']);
    expect(chains['BERTH-APPS']).toEqual(appFirewallRules('10.128.0.0/16', ['10.255.255.53'], []).forward);
    expect(chains['BERTH-APPS-IN']).toEqual(appFirewallRules('10.128.0.0/16', ['10.255.255.53'], []).input);

    calls.length = 0;
    await installAppFirewall(runner, facts, '10.128.0.0/16');
    expect(calls.filter((c) => c[0] === 'restore' || c[2] === '-I' || c[2] === '-N')).toEqual([]); // only -S and -C
  });

  it('Docker’s own DOCKER-USER and FORWARD jump are left as they are', async () => {
    const { runner, chains } = fakeIptables({ INPUT: [], FORWARD: ['-A FORWARD -j DOCKER-USER', '-A FORWARD -j DOCKER-ISOLATION-STAGE-1'], 'DOCKER-USER': ['-A DOCKER-USER -j RETURN'] });
    await installAppFirewall(runner, { nameservers: [], subnets: ['192.0.2.0/24'] }, '10.128.0.0/16');
    expect(chains.FORWARD).toEqual(['-A FORWARD -j DOCKER-USER', '-A FORWARD -j DOCKER-ISOLATION-STAGE-1']);
    expect(chains['DOCKER-USER']).toEqual(['-A DOCKER-USER -s 10.128.0.0/16 -j BERTH-APPS', '-A DOCKER-USER -j RETURN']);
    expect(chains['BERTH-APPS']).toContain('-A BERTH-APPS -d 192.0.2.0/24 -j REJECT --reject-with icmp-port-unreachable');
  });
});
