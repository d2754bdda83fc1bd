import { config } from '../config';
import { redis } from '../redis';

/** Pub/sub channel the certificates loop (workers/certificates.ts) listens on for an immediate pass. */
export const certificatesChannel = () => `berth:${config().BERTH_INSTALLATION}:certificates`;

/** Asks the worker to order due certificates now (a domain was added); cheap, coalesced. */
export async function requestCertificates(reason = 'requested'): Promise<void> {
  await redis().publish(certificatesChannel(), reason).catch(() => 0);
}
