import path from 'node:path';
import { config } from '../config';

/** Where the edge nginx finds certificates (0700, files 0600) and ACME HTTP-01 answers (0755). */
export function tlsPaths(nginxDir = config().paths.nginx) {
  return { certs: path.join(nginxDir, 'certs'), challenges: path.join(nginxDir, 'acme-challenge') };
}
