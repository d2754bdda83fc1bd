import { db } from '../db';
import { requireAdmin, type Actor } from './actor';

export type UserSummary = { id: string; email: string; role: 'ADMIN' | 'DEVELOPER'; createdAt: Date };

export async function listUsers(actor: Actor): Promise<UserSummary[]> {
  requireAdmin(actor);
  return db.user.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, email: true, role: true, createdAt: true } });
}
