/**
 * Sign-in throttling, pure part. Nothing here locks an account: failures slow down the one
 * client that makes them.
 *
 *  - per account AND client (the pair): a few free failures, then every further attempt waits
 *    15 s, 30 s, 1 min, … up to 15 min after the pair's last failure. A success clears the pair.
 *    Someone guessing the admin's password from elsewhere does not slow the admin down.
 *  - per client across accounts (password spraying): 20 failures in 15 minutes, then that client
 *    waits until the oldest of them is 15 minutes old.
 *  - per account across clients (a guesser with many addresses): past 50 failures in 15 minutes,
 *    clients that have not signed in to this account in the last 30 days get one attempt per
 *    10 s between them; clients that have (the account's owner, usually) are not affected.
 *
 * "Client" is the address from lib/net/client-address.ts (IPv6 by /64).
 */
export const SIGN_IN_LIMITS = {
  freeFailuresPerPair: 5,
  firstDelayMs: 15_000,
  maxDelayMs: 15 * 60_000,
  /** A pair's failures are remembered this long unless a success clears them. */
  pairMemoryMs: 24 * 60 * 60_000,
  clientWindowMs: 15 * 60_000,
  maxFailuresPerClient: 20,
  accountWindowMs: 15 * 60_000,
  accountFailuresBeforeSpacing: 50,
  accountSpacingMs: 10_000,
  knownClientMs: 30 * 24 * 60 * 60_000,
} as const;

export type SignInLimits = { [K in keyof typeof SIGN_IN_LIMITS]: number };

/** What the database says about recent attempts; see lib/auth/sign-in.ts for the queries. */
export type ThrottleFacts = {
  /** Failures of this account from this client since the pair's last success (within pairMemoryMs). */
  pairFailures: number;
  lastPairFailure: Date | null;
  /** Failures from this client in clientWindowMs, and the maxFailuresPerClient-th most recent one. */
  clientFailures: number;
  blockingClientFailure: Date | null;
  /** Failures of this account from anyone in accountWindowMs, and the latest. */
  accountFailures: number;
  lastAccountFailure: Date | null;
  /** This client signed in to this account successfully within knownClientMs. */
  knownClient: boolean;
};

export type SignInWait = { waitMs: number; scope: 'pair' | 'client' | 'account' };

/** Where the pair's failures start counting: its last success or pairMemoryMs ago, the later. */
export function pairCountFrom(now: Date, lastPairSuccess: Date | null, limits: SignInLimits = SIGN_IN_LIMITS): Date {
  const start = new Date(now.getTime() - limits.pairMemoryMs);
  return lastPairSuccess && lastPairSuccess > start ? lastPairSuccess : start;
}

/** How long after its last failure a pair with `failures` failures has to wait (0 = not at all). */
export function pairDelayMs(failures: number, limits: SignInLimits = SIGN_IN_LIMITS): number {
  const over = failures - limits.freeFailuresPerPair;
  if (over < 0) return 0;
  return Math.min(limits.firstDelayMs * 2 ** Math.min(over, 30), limits.maxDelayMs);
}

/** The longest wait any of the three rules imposes now, or null when the attempt may go ahead. */
export function signInWait(facts: ThrottleFacts, now: Date, limits: SignInLimits = SIGN_IN_LIMITS): SignInWait | null {
  const waits: SignInWait[] = [];
  const t = now.getTime();
  const delay = pairDelayMs(facts.pairFailures, limits);
  if (delay > 0 && facts.lastPairFailure) waits.push({ scope: 'pair', waitMs: facts.lastPairFailure.getTime() + delay - t });
  if (facts.clientFailures >= limits.maxFailuresPerClient && facts.blockingClientFailure) {
    waits.push({ scope: 'client', waitMs: facts.blockingClientFailure.getTime() + limits.clientWindowMs - t });
  }
  if (!facts.knownClient && facts.accountFailures >= limits.accountFailuresBeforeSpacing && facts.lastAccountFailure) {
    waits.push({ scope: 'account', waitMs: facts.lastAccountFailure.getTime() + limits.accountSpacingMs - t });
  }
  const longest = waits.filter((w) => w.waitMs > 0).sort((a, b) => b.waitMs - a.waitMs)[0];
  return longest ?? null;
}

/** User-facing reason for a wait. */
export function waitMessage(wait: SignInWait): string {
  const seconds = Math.max(1, Math.ceil(wait.waitMs / 1000));
  const when = seconds < 90 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  const what = wait.scope === 'client' ? 'from your network' : wait.scope === 'account' ? 'for this account' : '';
  return `Too many failed sign-in attempts${what ? ` ${what}` : ''}. Try again in ${when}.`;
}
