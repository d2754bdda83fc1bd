import { describe, expect, it } from 'vitest';
import { appLabelUnder, hostnameProblem, normalizeHostname } from './hostname';

describe('custom-domain hostnames', () => {
  it('normalises what users paste', () => {
    expect(normalizeHostname('  Shop.Example.COM. ')).toBe('shop.example.com');
  });
  it('accepts DNS names with at least two labels', () => {
    for (const ok of ['shop.example.com', 'a.b', 'xn--bcher-kva.example', 'a-1.b-2.example.co.uk']) expect(hostnameProblem(ok)).toBeNull();
  });
  it('refuses everything else with a reason', () => {
    expect(hostnameProblem('')).toMatch(/required/);
    expect(hostnameProblem('localhost')).toMatch(/two labels/);
    expect(hostnameProblem('*.example.com')).toMatch(/Wildcard/);
    expect(hostnameProblem('10.0.0.1')).toMatch(/IP address/);
    expect(hostnameProblem('bücher.example')).toMatch(/xn--/);
    expect(hostnameProblem('-a.example.com')).toMatch(/not a valid DNS label/);
    expect(hostnameProblem('a..example.com')).toMatch(/empty label/);
    expect(hostnameProblem('a_b.example.com')).toMatch(/not a valid DNS label/);
    expect(hostnameProblem('a.example.com;include')).toMatch(/not a valid DNS label/);
    expect(hostnameProblem(`${'a'.repeat(64)}.example.com`)).toMatch(/63/);
    expect(hostnameProblem('example.123')).toMatch(/numeric/);
  });
  it('finds the app label a name falls under in the apps domain', () => {
    expect(appLabelUnder('shop.apps.example.com', 'apps.example.com')).toBe('shop');
    expect(appLabelUnder('www.shop.apps.example.com', 'apps.example.com')).toBe('shop');
    expect(appLabelUnder('apps.example.com', 'apps.example.com')).toBe('');
    expect(appLabelUnder('shop.example.com', 'apps.example.com')).toBeNull();
    expect(appLabelUnder('xapps.example.com', 'apps.example.com')).toBeNull();
  });
});
