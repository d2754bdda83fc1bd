import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, createTestKey, createTestLeaf, type TestCa, type TestLeaf } from '../../test/support/test-certs';
import { CertificateError, checkCertificate, namesCover, readCertificate, splitPemCertificates } from './parse-pem';

const DAY = 86_400_000;
let ca: TestCa;
let leaf: TestLeaf;
beforeAll(async () => {
  ca = await createTestCa();
  leaf = await createTestLeaf(ca, ['shop.example.test', '*.wild.example.test']);
});

function problem(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof CertificateError) return error.problem;
    throw error;
  }
  throw new Error('expected a CertificateError');
}

describe('checkCertificate', () => {
  it('accepts a matching key, a valid date, covered names and an ordered chain', () => {
    const info = checkCertificate({ certificate: leaf.certPem, chain: leaf.chainPem, privateKey: leaf.keyPem, hostnames: ['shop.example.test', 'a.wild.example.test'], now: new Date() });
    expect(info.names).toEqual(['shop.example.test', '*.wild.example.test']);
    expect(info.issuer).toContain(ca.name);
    expect(splitPemCertificates(info.chainPem)).toHaveLength(2);
    expect(info.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(info.keyPem).toContain('BEGIN PRIVATE KEY');
  });
  it('refuses a key that does not match', async () => {
    const other = await createTestKey();
    expect(problem(() => checkCertificate({ certificate: leaf.certPem, privateKey: other, hostnames: ['shop.example.test'], now: new Date() }))).toEqual({
      field: 'privateKey',
      message: 'The private key does not match the certificate',
    });
  });
  it('refuses an expired or not-yet-valid certificate', () => {
    const p = problem(() => checkCertificate({ certificate: leaf.certPem, privateKey: leaf.keyPem, hostnames: ['shop.example.test'], now: new Date(Date.now() + 60 * DAY) }));
    expect(p.field).toBe('certificate');
    expect(p.message).toMatch(/^The certificate expired on /);
    expect(problem(() => checkCertificate({ certificate: leaf.certPem, privateKey: leaf.keyPem, hostnames: ['shop.example.test'], now: new Date(Date.now() - 5 * DAY) })).message).toMatch(/not valid before/);
  });
  it('refuses a name the certificate does not cover', () => {
    const p = problem(() => checkCertificate({ certificate: leaf.certPem, privateKey: leaf.keyPem, hostnames: ['blog.example.test'], now: new Date() }));
    expect(p.message).toBe('The certificate does not cover blog.example.test (it is for shop.example.test, *.wild.example.test)');
  });
  it('refuses a chain in the wrong order or from another CA', async () => {
    const other = await createTestCa();
    expect(problem(() => checkCertificate({ certificate: leaf.certPem, chain: other.certPem, privateKey: leaf.keyPem, hostnames: ['shop.example.test'], now: new Date() })).field).toBe('chain');
  });
  it('refuses garbage and encrypted keys with a reason', () => {
    expect(problem(() => checkCertificate({ certificate: 'hello', privateKey: leaf.keyPem, hostnames: [], now: new Date() })).field).toBe('certificate');
    expect(problem(() => checkCertificate({ certificate: leaf.certPem, privateKey: 'nope', hostnames: [], now: new Date() })).field).toBe('privateKey');
    expect(
      problem(() => checkCertificate({ certificate: leaf.certPem, privateKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----', hostnames: [], now: new Date() })).message,
    ).toMatch(/passphrase/);
  });
  it('reads a certificate without a key', () => {
    expect(readCertificate(leaf.certPem).names).toContain('shop.example.test');
  });
});

describe('namesCover', () => {
  it('matches exact names and one-label wildcards only', () => {
    expect(namesCover(['a.example.com'], 'A.example.com')).toBe(true);
    expect(namesCover(['*.example.com'], 'a.example.com')).toBe(true);
    expect(namesCover(['*.example.com'], 'a.b.example.com')).toBe(false);
    expect(namesCover(['*.example.com'], 'example.com')).toBe(false);
    expect(namesCover(['*.example.com'], '*.example.com')).toBe(true);
  });
});
