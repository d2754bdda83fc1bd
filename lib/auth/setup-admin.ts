import { z } from 'zod';
import { AppError, conflict } from '../errors';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import type { Actor } from './actor';
import { insertUser } from './create-user';
import { MIN_PASSWORD_LENGTH } from './password';
import { ensureSetupCode, isSetupCode, logSetupCode, removeSetupCode, setupCodePath } from './setup-code';

/** Any user at all? A fresh Berth has none and asks for the first admin (with the setup code). */
export async function hasAnyUser(): Promise<boolean> {
  return (await db.user.count()) > 0;
}

// Arbitrary constant: serialises concurrent first-admin requests so only one can win.
const SETUP_LOCK = 0x62657274; // "bert"

/** POST /api/setup {email, password, setupCode} */
export const ZSetup = z.object({
  email: z.email('must be an email address').max(254),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  /** The one-time code from `$BERTH_DATA_DIR/setup-code` (printed by `npm run up`). */
  setupCode: z.string().trim().max(64).default(''),
});

/**
 * Creates the first ADMIN; refused (CONFLICT) once any user exists, even under a race, and
 * (FORBIDDEN) without the one-time setup code from `$BERTH_DATA_DIR/setup-code`.
 */
export async function createFirstAdmin(input: { email: string; password: string; setupCode: string }): Promise<Actor> {
  if (await hasAnyUser()) throw conflict('Berth is already set up; sign in instead');
  const current = await ensureSetupCode(); // a fresh data dir gets its code now
  if (current.created) logSetupCode(current.code);
  if (!(await isSetupCode(input.setupCode))) {
    // A racing request may have set Berth up (and removed the code) since the check above.
    if (await hasAnyUser()) throw conflict('Berth is already set up; sign in instead');
    throw new AppError('FORBIDDEN', `Wrong setup code. \`npm run up\` prints it; it is also in ${setupCodePath()} on the Berth machine.`, {
      setupCode: 'is not the code printed at start',
    });
  }
  const admin = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) throw conflict('Berth is already set up; sign in instead');
    return insertUser(tx, { email: input.email, password: input.password, role: 'ADMIN' });
  });
  await removeSetupCode();
  await recordEvent({ kind: 'user.create', message: `${admin.email} set up Berth as the first admin`, actor: admin, data: { userId: admin.id, role: 'ADMIN' } });
  return admin;
}

/** At web start: a Berth without users gets a setup code (logged). Errors are logged, not fatal. */
export async function announceSetupCode(): Promise<void> {
  try {
    if (!(await hasAnyUser())) logSetupCode((await ensureSetupCode()).code);
  } catch (error) {
    console.error('[berth] could not prepare the first-run setup code:', error);
  }
}
