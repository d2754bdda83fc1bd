import { z } from 'zod';
import { notFound } from '../errors';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import type { Actor } from './actor';
import { generateApiToken } from './tokens';

// Personal API tokens: create (the token is returned exactly once), list, revoke. A user only
// ever sees and revokes their own tokens; someone else's token id is a 404.

export type ApiTokenSummary = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null };

/** POST /api/tokens {name} */
export const ZCreateToken = z.object({ name: z.string().trim().min(1, 'is required').max(100) });

export async function createApiToken(actor: Actor, input: { name: string }): Promise<ApiTokenSummary & { token: string }> {
  const { token, tokenHash, prefix } = generateApiToken();
  const row = await db.apiToken.create({ data: { userId: actor.id, name: input.name.trim(), tokenHash, prefix } });
  await recordEvent({ kind: 'token.create', message: `${actor.email} created API token "${row.name}"`, actor, data: { tokenId: row.id } });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: null, token };
}

export async function listApiTokens(actor: Actor): Promise<ApiTokenSummary[]> {
  return db.apiToken.findMany({
    where: { userId: actor.id, revokedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
  });
}

export async function revokeApiToken(actor: Actor, id: string): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id, userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound('API token');
  await recordEvent({ kind: 'token.revoke', message: `${actor.email} revoked an API token`, actor, data: { tokenId: id } });
}
