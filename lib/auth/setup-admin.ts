import { z } from 'zod';
import { conflict } from '../errors';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import type { Actor } from './actor';
import { insertUser } from './create-user';
import { MIN_PASSWORD_LENGTH } from './password';

/** Any user at all? A fresh Berth has none and asks the first visitor to create the admin. */
export async function hasAnyUser(): Promise<boolean> {
  return (await db.user.count()) > 0;
}

// Arbitrary constant: serialises concurrent first-admin requests so only one can win.
const SETUP_LOCK = 0x62657274; // "bert"

/** POST /api/setup {email, password} */
export const ZSetup = z.object({
  email: z.email('must be an email address').max(254),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
});

/** Creates the first ADMIN; refused (CONFLICT) once any user exists, even under a race. */
export async function createFirstAdmin(input: { email: string; password: string }): Promise<Actor> {
  const admin = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) throw conflict('Berth is already set up; sign in instead');
    return insertUser(tx, { ...input, role: 'ADMIN' });
  });
  await recordEvent({ kind: 'user.create', message: `${admin.email} set up Berth as the first admin`, actor: admin, data: { userId: admin.id, role: 'ADMIN' } });
  return admin;
}
