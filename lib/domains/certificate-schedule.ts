/**
 * When an ACME certificate is due (pure, unit-tested): never issued yet, or within 30 days of
 * expiry; failed attempts back off exponentially (1 min, 2, 4, … capped at 6 h) so a domain whose
 * DNS is not there yet is retried often at first and never hammered.
 */
export const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;
const BACKOFF_MIN_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 60 * 60 * 1000;

export type ScheduleFields = {
  source: 'ACME' | 'UPLOADED' | 'WILDCARD';
  certPem: string | null;
  notAfter: Date | null;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
};

export function isDue(cert: ScheduleFields, now: Date): boolean {
  if (cert.source !== 'ACME') return false;
  if (cert.nextAttemptAt && cert.nextAttemptAt.getTime() > now.getTime()) return false;
  if (!cert.certPem || !cert.notAfter || !cert.lastAttemptAt) return true;
  return cert.notAfter.getTime() - now.getTime() <= RENEW_BEFORE_MS;
}

/** Delay before the next attempt after `failures` consecutive failures (≥ 1). */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, Math.min(failures, 20) - 1));
}

/** The earliest moment an issued certificate is renewed. */
export function renewalAt(notAfter: Date): Date {
  return new Date(notAfter.getTime() - RENEW_BEFORE_MS);
}
