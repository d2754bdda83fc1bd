import { z } from 'zod';
import { AppError } from '../errors';
import { CertificateError, checkCertificate, type CertificateInfo } from '../tls/parse-pem';

/** A PEM field of an upload (certificate, chain or key). */
export const ZPem = z.string().max(65_536);

export type UploadInput = { certificate: string; chain?: string; privateKey: string };

/** checkCertificate with its reasons as a 400 naming the field (nothing is stored before this). */
export function checkUpload(input: UploadInput, hostnames: string[], now: Date): CertificateInfo & { keyPem: string } {
  try {
    return checkCertificate({ ...input, hostnames, now });
  } catch (error) {
    if (error instanceof CertificateError) {
      throw new AppError('BAD_REQUEST', error.message, { [error.problem.field]: error.message });
    }
    throw error;
  }
}
