import { z } from 'zod';
import { AppError } from '../errors';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import type { Actor } from './actor';
import { dummyPasswordHash, verifyPassword } from './password';
import { emailCountFrom, signInBlockedReason, windowStart } from './rate-limit';
import { createSession, type NewSession } from './session';
import { normalizeEmail } from './tokens';

/** POST /api/session {email, password} */
export const ZSignIn = z.object({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(200),
});

export type SignInInput = { email: string; password: string; ip: string; userAgent?: string | null };

/**
 * Checks the password and starts a NEW session (the cookie is rotated at every sign-in).
 * Refuses with RATE_LIMITED before looking at the password when the account or IP has too many
 * recent failures. Every attempt is recorded; the error never says whether the email exists.
 */
export async function signIn(input: SignInInput, now = new Date()): Promise<{ actor: Actor; session: NewSession }> {
  const email = normalizeEmail(input.email);
  const ip = input.ip.slice(0, 100);
  const lastSuccess = await db.signInAttempt.findFirst({
    where: { email, success: true },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const [emailFailures, ipFailures] = await Promise.all([
    db.signInAttempt.count({ where: { email, success: false, createdAt: { gt: emailCountFrom(now, lastSuccess?.createdAt ?? null) } } }),
    db.signInAttempt.count({ where: { ip, success: false, createdAt: { gt: windowStart(now) } } }),
  ]);
  const blocked = signInBlockedReason({ emailFailures, ipFailures });
  if (blocked) throw new AppError('RATE_LIMITED', blocked);

  const user = await db.user.findUnique({ where: { email } });
  // Unknown email: still spend one verification so timing does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password) && !!user;
  await db.signInAttempt.create({ data: { email, ip, success: ok } });
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');

  const actor: Actor = { id: user.id, email: user.email, role: user.role };
  const session = await createSession(user.id, { ip, userAgent: input.userAgent }, now);
  await recordEvent({ kind: 'auth.signin', message: `${user.email} signed in`, actor, data: { ip } });
  return { actor, session };
}
