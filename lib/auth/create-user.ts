import { z } from 'zod';
import { conflict } from '../errors';
import { db, Prisma, type Role, type Tx } from '../db';
import { recordEvent } from '../events/record-event';
import { requireAdmin, type Actor } from './actor';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';
import { normalizeEmail } from './tokens';

/** POST /api/users {email, password, role: admin|developer} */
export const ZCreateUser = z.object({
  email: z.email('must be an email address').max(254),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  role: z
    .enum(['admin', 'developer'])
    .default('developer')
    .transform((role): Role => (role === 'admin' ? 'ADMIN' : 'DEVELOPER')),
});

export type CreateUserInput = { email: string; password: string; role: Role };

/** Admins create users (admin or developer). Duplicate email → CONFLICT. */
export async function createUser(actor: Actor, input: CreateUserInput): Promise<Actor> {
  requireAdmin(actor);
  const user = await insertUser(db, input);
  await recordEvent({ kind: 'user.create', message: `${actor.email} created ${user.role.toLowerCase()} ${user.email}`, actor, data: { userId: user.id, role: user.role } });
  return user;
}

/** Shared by createUser and the first-admin setup. */
export async function insertUser(tx: Tx, input: CreateUserInput): Promise<Actor> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await tx.user.create({ data: { email, passwordHash, role: input.role } });
    return { id: user.id, email: user.email, role: user.role };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict(`A user with email ${email} already exists`);
    }
    throw error;
  }
}
