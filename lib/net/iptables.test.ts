import { describe, expect, it } from 'vitest';
import { fakeIptables } from './fake-iptables';
import { addressesOfIpAddr, ensureChain, ensureRule, nameserversOf, ownSubnets, replaceChain } from './iptables';

describe('a host’s resolvers and subnets, read from text', () => {
  it('nameservers: IPv4 only, loopback stubs dropped, systemd-resolved’s list when only a stub is named', () => {
    expect(nameserversOf('# x\nnameserver 10.255.255.53\nnameserver ::1\nnameserver 10.255.255.53\nsearch example\n')).toEqual(['10.255.255.53']);
    expect(nameserversOf('nameserver 127.0.0.53\noptions edns0\n', () => 'nameserver 192.0.2.53\nnameserver 127.0.0.1\n')).toEqual(['192.0.2.53']);
    expect(nameserversOf('nameserver 127.0.0.53\n')).toEqual([]);
  });

  it('`ip -o -4 addr show`: every address except loopback, with its prefix', () => {
    const out = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
      '7: br-1a2b    inet 10.128.0.1/26 brd 10.128.0.63 scope global br-1a2b\\       valid_lft forever preferred_lft forever',
      '9: dummy0    inet 203.0.113.9/32 scope host dummy0\\       valid_lft forever preferred_lft forever',
    ].join('\n');
    expect(addressesOfIpAddr(out)).toEqual(['192.0.2.2/24', '10.128.0.1/26']);
  });

  it('own subnets: networks outside the ranges refused anyway', () => {
    expect(ownSubnets(['192.0.2.2/24', '10.128.0.1/26', '198.51.100.7/25', '192.0.2.9/24'])).toEqual(['192.0.2.0/24', '198.51.100.0/25']);
  });
});

describe('the chain helpers through an injected runner', () => {
  it('replaceChain restores only when the chain differs', async () => {
    const { runner, calls, chains } = fakeIptables({});
    await replaceChain(runner, 'X', ['-A X -j RETURN']);
    expect(chains.X).toEqual(['-A X -j RETURN']);
    calls.length = 0;
    await replaceChain(runner, 'X', ['-A X  -j RETURN ']);
    expect(calls.filter((c) => c[0] === 'restore')).toEqual([]);
  });

  it('ensureRule inserts once at the top; ensureChain creates a missing chain once', async () => {
    const { runner, chains } = fakeIptables({ INPUT: ['-A INPUT -j ACCEPT'] });
    await ensureRule(runner, 'INPUT', ['-s', '10.128.0.0/16', '-j', 'Y']);
    await ensureRule(runner, 'INPUT', ['-s', '10.128.0.0/16', '-j', 'Y']);
    expect(chains.INPUT).toEqual(['-A INPUT -s 10.128.0.0/16 -j Y', '-A INPUT -j ACCEPT']);
    await ensureChain(runner, 'DOCKER-USER');
    await ensureChain(runner, 'DOCKER-USER');
    expect(chains['DOCKER-USER']).toEqual([]);
  });
});
