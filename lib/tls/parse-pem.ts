import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * Reading and checking PEM certificates with Node's own X509Certificate (pure: `now` is given).
 * Used for uploaded certificates, the apps-domain wildcard certificate and what an ACME issuer
 * returns, so every certificate Berth serves passed the same checks.
 */
export type CertificateInfo = {
  /** DNS names of the leaf (subjectAltName DNS entries, else the subject CN). */
  names: string[];
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** sha256 of the leaf's DER, hex. */
  fingerprint: string;
  /** Leaf first, then the chain, normalised PEM blocks joined with newlines. */
  chainPem: string;
};

export type CertificateProblem = { field: 'certificate' | 'privateKey' | 'chain'; message: string };

export class CertificateError extends Error {
  constructor(readonly problem: CertificateProblem) {
    super(problem.message);
    this.name = 'CertificateError';
  }
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const MAX_CHAIN = 8;

/** Every CERTIFICATE block of a PEM text, in order. */
export function splitPemCertificates(pem: string): string[] {
  return (pem.match(PEM_CERT) ?? []).map((block) => `${block.trim()}\n`);
}

function parseCertificates(pem: string, field: 'certificate' | 'chain'): X509Certificate[] {
  const blocks = splitPemCertificates(pem);
  if (blocks.length === 0) throw new CertificateError({ field, message: `The ${field} is not a PEM certificate (-----BEGIN CERTIFICATE-----)` });
  if (blocks.length > MAX_CHAIN) throw new CertificateError({ field, message: `At most ${MAX_CHAIN} certificates in a chain` });
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new CertificateError({ field, message: `Certificate ${i + 1} of the ${field} cannot be read` });
    }
  });
}

function parseKey(pem: string): KeyObject {
  if (/ENCRYPTED/.test(pem)) {
    throw new CertificateError({ field: 'privateKey', message: 'The private key is encrypted with a passphrase; upload it unencrypted (it is stored encrypted)' });
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new CertificateError({ field: 'privateKey', message: 'The private key is not a PEM private key (-----BEGIN PRIVATE KEY-----)' });
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new CertificateError({ field: 'privateKey', message: 'The private key cannot be read' });
  }
}

/** DNS names a certificate is valid for, as the leaf states them. */
export function certificateNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName ?? '';
  const dns = san
    .split(/,\s*/)
    .filter((e) => e.startsWith('DNS:'))
    .map((e) => e.slice(4).toLowerCase());
  if (dns.length > 0) return [...new Set(dns)];
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  return cn ? [cn.toLowerCase()] : [];
}

/** True when `names` (SAN entries, possibly `*.example.com`) cover `hostname`. */
export function namesCover(names: string[], hostname: string): boolean {
  const host = hostname.toLowerCase();
  return names.some((name) => {
    if (name === host) return true;
    if (!name.startsWith('*.')) return false;
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot + 1) === name.slice(2);
  });
}

function describe(cert: X509Certificate, chain: X509Certificate[]): CertificateInfo {
  return {
    names: certificateNames(cert),
    issuer: cert.issuer.replace(/\n/g, ', '),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    fingerprint: createHash('sha256').update(cert.raw).digest('hex'),
    chainPem: [cert, ...chain].map((c) => c.toString().trim()).join('\n') + '\n',
  };
}

/** Reads a certificate (leaf first, optionally followed by its chain) without checking a key. */
export function readCertificate(pem: string): CertificateInfo {
  const [leaf, ...chain] = parseCertificates(pem, 'certificate');
  return describe(leaf, chain);
}

export type CheckInput = {
  certificate: string;
  /** Intermediates, when not appended to `certificate`. */
  chain?: string;
  privateKey: string;
  /** Every name that must be covered (e.g. the custom domain, or `*.apps.example.com`). */
  hostnames: string[];
  now: Date;
};

/**
 * Checks what nginx would serve: the key matches the leaf, the leaf is valid at `now`, it covers
 * every hostname, and each chain certificate signed the one before it. Throws CertificateError
 * naming the field and the reason; returns what Berth stores about it.
 */
export function checkCertificate(input: CheckInput): CertificateInfo & { keyPem: string } {
  const [leaf, ...rest] = parseCertificates(input.certificate, 'certificate');
  const chain = [...rest, ...(input.chain?.trim() ? parseCertificates(input.chain, 'chain') : [])];
  const key = parseKey(input.privateKey);
  if (key.type !== 'private') throw new CertificateError({ field: 'privateKey', message: 'The private key is not a private key' });
  if (!leaf.checkPrivateKey(key)) {
    throw new CertificateError({ field: 'privateKey', message: 'The private key does not match the certificate' });
  }
  const info = describe(leaf, chain);
  if (input.now.getTime() > info.notAfter.getTime()) {
    throw new CertificateError({ field: 'certificate', message: `The certificate expired on ${info.notAfter.toISOString()}` });
  }
  if (input.now.getTime() < info.notBefore.getTime()) {
    throw new CertificateError({ field: 'certificate', message: `The certificate is not valid before ${info.notBefore.toISOString()}` });
  }
  for (const hostname of input.hostnames) {
    if (!namesCover(info.names, hostname)) {
      throw new CertificateError({
        field: 'certificate',
        message: `The certificate does not cover ${hostname} (it is for ${info.names.join(', ') || 'no DNS name'})`,
      });
    }
  }
  for (let i = 0; i < chain.length; i++) {
    const child = i === 0 ? leaf : chain[i - 1];
    if (!child.checkIssued(chain[i]) || !child.verify(chain[i].publicKey)) {
      throw new CertificateError({
        field: 'chain',
        message: `Chain certificate ${i + 1} (${chain[i].subject.replace(/\n/g, ', ')}) did not issue the certificate before it: put the leaf first, then each issuer`,
      });
    }
  }
  return { ...info, keyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString() };
}
