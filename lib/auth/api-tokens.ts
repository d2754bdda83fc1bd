import { z } from 'zod';
import { notFound } from '../errors';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import type { Actor } from './actor';
import { generateApiToken } from './tokens';

// Personal API tokens: create (the token is returned exactly once), list, revoke. A user only
// ever sees and revokes their own tokens; someone else's token id is a 404. A token may expire
// (`expiresInDays`); expired tokens stay listed (marked by `expiresAt` in the past) until revoked.

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_TOKEN_DAYS = 3650;

/** POST /api/tokens {name, expiresInDays?} */
export const ZCreateToken = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  /** Omitted or null: the token never expires. */
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).nullable().optional(),
});

export async function createApiToken(
  actor: Actor,
  input: { name: string; expiresInDays?: number | null },
  now = new Date(),
): Promise<ApiTokenSummary & { token: string }> {
  const { token, tokenHash, prefix } = generateApiToken();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null;
  const row = await db.apiToken.create({ data: { userId: actor.id, name: input.name.trim(), tokenHash, prefix, expiresAt } });
  await recordEvent({ kind: 'token.create', message: `${actor.email} created API token "${row.name}"`, actor, data: { tokenId: row.id, expiresAt } });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: null, expiresAt: row.expiresAt, token };
}

export async function listApiTokens(actor: Actor): Promise<ApiTokenSummary[]> {
  return db.apiToken.findMany({
    where: { userId: actor.id, revokedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

export async function revokeApiToken(actor: Actor, id: string): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id, userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound('API token');
  await recordEvent({ kind: 'token.revoke', message: `${actor.email} revoked an API token`, actor, data: { tokenId: id } });
}
