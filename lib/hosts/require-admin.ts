import type { Actor } from '../auth/actor';
import { forbidden } from '../errors';

/** Hosts are installation-wide infrastructure: only admins change them. */
export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'ADMIN') throw forbidden('Only admins can manage hosts');
}
