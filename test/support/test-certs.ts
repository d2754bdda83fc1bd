import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * Test certificates made in-process (@peculiar/x509 on Node's WebCrypto): a CA, leaves it signs
 * for any names and validity window (expired ones too), with PEM keys. For unit, integration
 * and e2e tests; never used by Berth itself.
 */
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export type TestKeyPair = { keys: CryptoKeyPair; keyPem: string };
export type TestCa = TestKeyPair & { cert: x509.X509Certificate; certPem: string; name: string };
export type TestLeaf = { certPem: string; keyPem: string; chainPem: string };

async function keyPair(): Promise<TestKeyPair> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { keys, keyPem };
}

export async function createTestCa(name = `Berth Test CA ${Math.random().toString(36).slice(2, 8)}`): Promise<TestCa> {
  const pair = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    signingAlgorithm: ALG,
    keys: pair.keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(pair.keys.publicKey),
    ],
  });
  return { ...pair, cert, certPem: cert.toString('pem') + '\n', name };
}

/** A server certificate for `names` (DNS names, or IPv4 addresses) signed by `ca`, valid from `notBefore` to `notAfter`. */
export async function createTestLeaf(
  ca: TestCa,
  names: string[],
  opts: { notBefore?: Date; notAfter?: Date } = {},
): Promise<TestLeaf> {
  const pair = await keyPair();
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${names[0]}`,
    issuer: ca.cert.subject,
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 20 * DAY),
    signingAlgorithm: ALG,
    publicKey: pair.keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((value) => (/^\d+\.\d+\.\d+\.\d+$/.test(value) ? { type: 'ip' as const, value } : { type: 'dns' as const, value })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: pair.keyPem, chainPem: ca.certPem };
}

/** A private key matching nothing. */
export async function createTestKey(): Promise<string> {
  return (await keyPair()).keyPem;
}
