import { describe, expect, it } from 'vitest';
import { matchesSpec, SPEC_LABEL, specFingerprint, withFingerprint } from './container-fingerprint';

const spec = {
  name: 'berth-x-shop-v1-web-1',
  Image: 'berth/shop:abc',
  Env: ['A=1', 'PORT=5000'],
  Labels: { 'berth.app': 'shop', 'berth.instance': 'i1' },
  HostConfig: { Memory: 64 * 1024 * 1024, PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '32001' }] } },
};

describe('container fingerprint', () => {
  it('the label it adds matches the same spec, whatever the key order', () => {
    const labelled = withFingerprint(spec);
    expect(labelled.Labels?.[SPEC_LABEL]).toMatch(/^[0-9a-f]{32}$/);
    const reordered = { HostConfig: spec.HostConfig, Labels: { 'berth.instance': 'i1', 'berth.app': 'shop' }, Env: spec.Env, Image: spec.Image, name: spec.name };
    expect(matchesSpec(labelled.Labels, reordered)).toBe(true);
    expect(specFingerprint(labelled)).toBe(specFingerprint(spec)); // its own label is not hashed
  });

  it('any drift — env, limit, port — does not match (the container is recreated)', () => {
    const labels = withFingerprint(spec).Labels;
    expect(matchesSpec(labels, { ...spec, Env: ['A=2', 'PORT=5000'] })).toBe(false);
    expect(matchesSpec(labels, { ...spec, HostConfig: { ...spec.HostConfig, Memory: 128 * 1024 * 1024 } })).toBe(false);
    expect(matchesSpec(labels, { ...spec, HostConfig: { ...spec.HostConfig, PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '32002' }] } } })).toBe(false);
    expect(matchesSpec(undefined, spec)).toBe(false); // made before fingerprints: recreated
  });
});
