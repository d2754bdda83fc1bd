import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './remote-address';

describe('isPublicAddress', () => {
  it('refuses private, loopback, link-local, CGNAT, multicast and their IPv6 spellings', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
      '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:7f00:1', '::127.0.0.1', '64:ff9b::a00:1', 'not-an-ip'])
      expect(isPublicAddress(a), a).toBe(false);
  });

  it('allows public addresses', () => {
    for (const a of ['140.82.112.3', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
  });
});
