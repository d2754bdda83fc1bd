import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseTrustedProxies, peerStamp, PEER_HEADER, resolveClientAddress, stampedPeer, throttleKey } from './client-address';

const none = parseTrustedProxies('');
const local = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, ::1');

describe('client address', () => {
  it('is the socket peer when no trusted proxy is configured, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress({ peer: '203.0.113.9', forwardedFor: '1.2.3.4', trusted: none })).toBe('203.0.113.9');
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4', trusted: none })).toBe('127.0.0.1');
  });

  it('reads X-Forwarded-For from the right, skipping trusted proxies, when the peer is one', () => {
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.7', trusted: local })).toBe('198.51.100.7');
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.7, 10.1.2.3', trusted: local })).toBe('198.51.100.7');
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: null, trusted: local })).toBe('127.0.0.1');
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: 'garbage, 10.0.0.2', trusted: local })).toBe('10.0.0.2');
    expect(resolveClientAddress({ peer: '203.0.113.9', forwardedFor: '1.2.3.4', trusted: local })).toBe('203.0.113.9');
    expect(resolveClientAddress({ peer: null, forwardedFor: '1.2.3.4', trusted: local })).toBeNull();
  });

  it('only believes the stamp this process made', () => {
    expect(stampedPeer(new Headers({ [PEER_HEADER]: peerStamp('::ffff:127.0.0.5') }))).toBe('127.0.0.5');
    expect(stampedPeer(new Headers({ [PEER_HEADER]: 'forged 1.2.3.4' }))).toBeNull();
    expect(stampedPeer(new Headers())).toBeNull();
  });

  it('normalises addresses and groups IPv6 clients by /64', () => {
    expect(normalizeAddress('[::1]')).toBe('::1');
    expect(normalizeAddress('nonsense')).toBeNull();
    expect(throttleKey('192.0.2.1')).toBe('192.0.2.1');
    expect(throttleKey('2001:db8:1:2:aaaa::1')).toBe('2001:0db8:0001:0002::/64');
    expect(throttleKey('2001:db8:1:2::ffff')).toBe(throttleKey('2001:db8:1:2:ffff:ffff:ffff:0'));
    expect(throttleKey(null)).toBe('unknown');
  });

  it('rejects a malformed BERTH_TRUSTED_PROXIES', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/not an IP/);
  });
});
