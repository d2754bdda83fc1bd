import { z } from 'zod';
import { badRequest, conflict, notFound } from '../errors';
import { db, type Tx } from '../db';
import { recordEvent } from '../events/record-event';
import { requireAdmin, type Actor } from './actor';

/** PATCH /api/users/<id> {disabled} */
export const ZUpdateUser = z.object({ disabled: z.boolean() });

// Offboarding (admins only). Disabling a user deletes every session and revokes every API token
// in the same transaction, so nothing they hold keeps working; enabling again restores sign-in
// only (new tokens have to be created). Removing a user deletes the row: sessions, tokens and
// memberships go with it (ON DELETE CASCADE); their apps stay, and the audit log keeps their email.
// Nobody can disable or remove themselves, and the last enabled admin cannot be disabled or removed.

export async function setUserDisabled(actor: Actor, userId: string, disabled: boolean, now = new Date()): Promise<{ id: string; email: string; disabledAt: Date | null }> {
  requireAdmin(actor);
  if (userId === actor.id) throw badRequest('You cannot disable your own account');
  const user = await db.$transaction(async (tx) => {
    const target = await lockUser(tx, userId);
    if (disabled && !target.disabledAt && target.role === 'ADMIN') await requireAnotherAdmin(tx, userId);
    const updated = await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? (target.disabledAt ?? now) : null } });
    if (disabled) {
      await tx.session.deleteMany({ where: { userId } });
      await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    }
    return updated;
  });
  await recordEvent({
    kind: disabled ? 'user.disable' : 'user.enable',
    message: `${actor.email} ${disabled ? 'disabled' : 'enabled'} ${user.email}`,
    actor,
    data: { userId },
  });
  return { id: user.id, email: user.email, disabledAt: user.disabledAt };
}

export async function deleteUser(actor: Actor, userId: string): Promise<void> {
  requireAdmin(actor);
  if (userId === actor.id) throw badRequest('You cannot remove your own account');
  const email = await db.$transaction(async (tx) => {
    const target = await lockUser(tx, userId);
    if (target.role === 'ADMIN' && !target.disabledAt) await requireAnotherAdmin(tx, userId);
    await tx.user.delete({ where: { id: userId } });
    return target.email;
  });
  await recordEvent({ kind: 'user.delete', message: `${actor.email} removed ${email}`, actor, data: { userId, email } });
}

// Arbitrary constant: offboarding changes run one at a time, so two admins disabling each other
// at the same moment cannot both succeed (and leave no admin), nor deadlock on each other's rows.
const OFFBOARD_LOCK = 0x6f666662; // "offb"

/** Takes the offboarding lock for the rest of the transaction and returns the user's row. */
async function lockUser(tx: Tx, userId: string) {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 64) throw notFound('User');
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OFFBOARD_LOCK})`;
  const user = await tx.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound('User');
  return user;
}

async function requireAnotherAdmin(tx: Tx, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: 'ADMIN', disabledAt: null, id: { not: userId } } });
  if (others === 0) throw conflict('This is the last enabled admin; add another admin first');
}
