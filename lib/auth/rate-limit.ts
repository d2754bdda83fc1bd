/**
 * Sign-in throttling, pure part. Failures are counted per account and per client IP inside a
 * sliding window; a successful sign-in clears the account's count (not the IP's).
 */
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
} as const;

export type SignInLimits = { windowMs: number; maxFailuresPerEmail: number; maxFailuresPerIp: number };

export type FailureCounts = { emailFailures: number; ipFailures: number };

export function windowStart(now: Date, limits: SignInLimits = SIGN_IN_LIMITS): Date {
  return new Date(now.getTime() - limits.windowMs);
}

/** Where per-email failures start counting: the window start or the last success, whichever is later. */
export function emailCountFrom(now: Date, lastSuccess: Date | null, limits: SignInLimits = SIGN_IN_LIMITS): Date {
  const start = windowStart(now, limits);
  return lastSuccess && lastSuccess > start ? lastSuccess : start;
}

/** A user-facing reason when the attempt must be refused, else null. */
export function signInBlockedReason(counts: FailureCounts, limits: SignInLimits = SIGN_IN_LIMITS): string | null {
  const m = Math.round(limits.windowMs / 60_000);
  const minutes = `${m} minute${m === 1 ? '' : 's'}`;
  if (counts.emailFailures >= limits.maxFailuresPerEmail) {
    return `Too many failed sign-in attempts for this account. Try again in ${minutes}.`;
  }
  if (counts.ipFailures >= limits.maxFailuresPerIp) {
    return `Too many failed sign-in attempts from your network. Try again in ${minutes}.`;
  }
  return null;
}
