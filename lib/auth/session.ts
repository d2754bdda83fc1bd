import { db } from '../db';
import type { Actor } from '../model/actor';
import { SESSION_TTL_MS } from './cookie';
import { randomSecret, sha256Hex } from './tokens';

export type NewSession = { value: string; expiresAt: Date };

/**
 * Starts a server-side session. The cookie carries a random value; the row's id is its sha256, so
 * a leaked database does not leak usable cookies.
 */
export async function createSession(
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  now = new Date(),
): Promise<NewSession> {
  const value = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({
    data: {
      id: sha256Hex(value),
      userId,
      expiresAt,
      ip: meta.ip?.slice(0, 100) ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  });
  return { value, expiresAt };
}

const TOUCH_EVERY_MS = 60 * 60 * 1000;

/**
 * The user of a live session cookie value, or null (unknown, expired or its user disabled — such
 * rows are removed; disabling a user deletes them anyway, this is the second lock).
 */
export async function actorFromSession(value: string, now = new Date()): Promise<Actor | null> {
  if (!value || value.length > 200) return null;
  const id = sha256Hex(value);
  const session = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!session) return null;
  if (session.expiresAt <= now || session.user.disabledAt) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return { id: session.user.id, email: session.user.email, role: session.user.role };
}

export async function deleteSession(value: string): Promise<void> {
  if (!value) return;
  await db.session.deleteMany({ where: { id: sha256Hex(value) } });
}
