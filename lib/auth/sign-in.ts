import { z } from 'zod';
import { AppError } from '../errors';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import { throttleKey } from '../net/client-address';
import type { Actor } from './actor';
import { dummyPasswordHash, verifyPassword } from './password';
import { pairCountFrom, SIGN_IN_LIMITS, signInWait, waitMessage, type SignInLimits, type ThrottleFacts } from './rate-limit';
import { createSession, type NewSession } from './session';
import { normalizeEmail } from './tokens';

/** POST /api/session {email, password} */
export const ZSignIn = z.object({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(200),
});

/** `ip`: the client's address from clientIp() (null when unknown: all such clients share a bucket). */
export type SignInInput = { email: string; password: string; ip: string | null; userAgent?: string | null };

/**
 * Checks the password and starts a NEW session (the cookie is rotated at every sign-in).
 * Refuses with RATE_LIMITED before looking at the password when this client has to slow down
 * (lib/auth/rate-limit.ts: per account+client, per client, per account for unknown clients).
 * Every attempt is recorded; the error never says whether the email exists.
 */
export async function signIn(input: SignInInput, now = new Date(), limits: SignInLimits = SIGN_IN_LIMITS): Promise<{ actor: Actor; session: NewSession }> {
  const email = normalizeEmail(input.email);
  const client = throttleKey(input.ip);
  const wait = signInWait(await throttleFacts(email, client, now, limits), now, limits);
  if (wait) throw new AppError('RATE_LIMITED', waitMessage(wait));

  const user = await db.user.findUnique({ where: { email } });
  // Unknown email: still spend one verification so timing does not reveal which emails exist.
  const ok = (await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password)) && !!user;
  await db.signInAttempt.create({ data: { email, ip: client, success: ok && !user?.disabledAt, createdAt: now } });
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
  if (user.disabledAt) throw new AppError('FORBIDDEN', 'This account is disabled. Ask an admin to enable it.');

  const actor: Actor = { id: user.id, email: user.email, role: user.role };
  const session = await createSession(user.id, { ip: input.ip, userAgent: input.userAgent }, now);
  await recordEvent({ kind: 'auth.signin', message: `${user.email} signed in`, actor, data: { ip: input.ip } });
  return { actor, session };
}

async function throttleFacts(email: string, client: string, now: Date, limits: SignInLimits): Promise<ThrottleFacts> {
  const since = (ms: number) => new Date(now.getTime() - ms);
  const lastPairSuccess = await db.signInAttempt.findFirst({
    where: { email, ip: client, success: true },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const pairWhere = { email, ip: client, success: false, createdAt: { gt: pairCountFrom(now, lastPairSuccess?.createdAt ?? null, limits) } };
  const clientWhere = { ip: client, success: false, createdAt: { gt: since(limits.clientWindowMs) } };
  const accountWhere = { email, success: false, createdAt: { gt: since(limits.accountWindowMs) } };
  const latest = { orderBy: { createdAt: 'desc' as const }, select: { createdAt: true } };
  const [pairFailures, lastPairFailure, clientFailures, blockingClientFailure, accountFailures, lastAccountFailure] = await Promise.all([
    db.signInAttempt.count({ where: pairWhere }),
    db.signInAttempt.findFirst({ where: pairWhere, ...latest }),
    db.signInAttempt.count({ where: clientWhere }),
    db.signInAttempt.findFirst({ where: clientWhere, ...latest, skip: limits.maxFailuresPerClient - 1 }),
    db.signInAttempt.count({ where: accountWhere }),
    db.signInAttempt.findFirst({ where: accountWhere, ...latest }),
  ]);
  return {
    pairFailures,
    lastPairFailure: lastPairFailure?.createdAt ?? null,
    clientFailures,
    blockingClientFailure: blockingClientFailure?.createdAt ?? null,
    accountFailures,
    lastAccountFailure: lastAccountFailure?.createdAt ?? null,
    knownClient: !!lastPairSuccess && lastPairSuccess.createdAt > since(limits.knownClientMs),
  };
}
