import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { createApiToken, listApiTokens, ZCreateToken } from '@/lib/auth/api-tokens';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

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
