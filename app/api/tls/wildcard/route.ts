import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { getWildcard, removeWildcard, setWildcard, ZWildcard } from '@/lib/domains/wildcard-certificate';
import { handle, parseBody } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/tls/wildcard — the apps domain's wildcard certificate (admins). */
export const GET = handle(async (request: Request) => NextResponse.json({ wildcard: await getWildcard(await requireActor(request)) }));

/** PUT /api/tls/wildcard {certificate, chain?, privateKey} — install or replace it (admins). */
export const PUT = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZWildcard);
  return NextResponse.json({ wildcard: await setWildcard(actor, input) });
});

/** DELETE /api/tls/wildcard — default app names go back to plain HTTP (admins). */
export const DELETE = handle(async (request: Request) => {
  await removeWildcard(await requireActor(request));
  return new NextResponse(null, { status: 204 });
});
