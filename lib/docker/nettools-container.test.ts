import { describe, expect, it } from 'vitest';
import { nettoolsContainerSpec, pickIptablesBackend } from './nettools-container';

process.env.BERTH_SECRET_KEY ??= '0'.repeat(64);
process.env.DATABASE_URL ??= 'postgresql://x@127.0.0.1/x';

describe('the nettools container', () => {
  it('host network and user namespace, NET_ADMIN and NET_RAW only, read-only, resolvers read-only, labelled, self-ending', () => {
    const spec = nettoolsContainerSpec('berth/nettools:abc', { systemdResolve: false });
    const host = spec.HostConfig!;
    expect(host.NetworkMode).toBe('host');
    expect(host.UsernsMode).toBe('host');
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toEqual(['NET_ADMIN', 'NET_RAW']);
    expect(host.Privileged).toBeUndefined();
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.SecurityOpt).toContain('no-new-privileges');
    expect(host.Mounts).toEqual([{ Type: 'bind', Source: '/etc/resolv.conf', Target: '/host/resolv.conf', ReadOnly: true }]);
    expect(host.Binds).toBeUndefined();
    expect(host.AutoRemove).toBe(true);
    expect(spec.Cmd?.[0]).toBe('sleep');
    expect(spec.Labels?.['berth.installation']).toBeTruthy();
    expect(spec.Labels?.['berth.nettools']).toBe('app-firewall');
    const withSystemd = nettoolsContainerSpec('berth/nettools:abc', { systemdResolve: true }).HostConfig!.Mounts!;
    expect(withSystemd.every((m) => m.ReadOnly)).toBe(true);
    expect(withSystemd.map((m) => m.Source)).toEqual(['/etc/resolv.conf', '/run/systemd/resolve']);
  });

  it('the iptables backend is the one holding the rules; nft when none', () => {
    const rules = (n: number) => ['*filter', ...Array.from({ length: n }, (_, i) => `-A FORWARD -j X${i}`), 'COMMIT'].join('\n');
    expect(pickIptablesBackend(rules(12), rules(0))).toBe('legacy');
    expect(pickIptablesBackend(rules(0), rules(30))).toBe('nft');
    expect(pickIptablesBackend('', '')).toBe('nft');
  });
});
