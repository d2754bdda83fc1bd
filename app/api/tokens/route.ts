import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { createApiToken, listApiTokens, MAX_TOKEN_DAYS } from '@/lib/auth/api-tokens';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

const ZCreateToken = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  /** Omitted or null: the token never expires. */
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).nullable().optional(),
});

/** Creates a personal API token; the `token` field is shown exactly once. */
export const POST = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZCreateToken);
  return NextResponse.json({ token: await createApiToken(actor, input) }, { status: 201 });
});

export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  return NextResponse.json({ tokens: await listApiTokens(actor) });
});
