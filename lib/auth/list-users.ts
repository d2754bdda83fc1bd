import { db } from '../db';
import { requireAdmin, type Actor } from './actor';

export type UserSummary = {
  id: string;
  email: string;
  role: 'ADMIN' | 'DEVELOPER';
  createdAt: Date;
  disabledAt: Date | null;
  /** Latest activity of any of the user's sessions (null: none open). */
  lastSeenAt: Date | null;
};

export async function listUsers(actor: Actor): Promise<UserSummary[]> {
  requireAdmin(actor);
  const [users, seen] = await Promise.all([
    db.user.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, email: true, role: true, createdAt: true, disabledAt: true } }),
    db.session.groupBy({ by: ['userId'], _max: { lastSeenAt: true } }),
  ]);
  const lastSeen = new Map(seen.map((s) => [s.userId, s._max.lastSeenAt]));
  return users.map((u) => ({ ...u, lastSeenAt: lastSeen.get(u.id) ?? null }));
}
