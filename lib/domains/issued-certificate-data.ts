import { encryptSecret } from '../crypto/secret-box';
import type { CertificateInfo } from '../tls/parse-pem';

/**
 * The Certificate columns of a checked certificate (uploaded, issued by ACME, or the wildcard):
 * status ISSUED, the chain, the key sealed at rest and what it covers until when.
 */
export function issuedCertificateData(info: CertificateInfo & { keyPem: string }) {
  return {
    status: 'ISSUED' as const,
    certPem: info.chainPem,
    keySealed: encryptSecret(info.keyPem),
    names: info.names,
    issuer: info.issuer,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    fingerprint: info.fingerprint,
  };
}
