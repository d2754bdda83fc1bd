import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { revokeApiToken } from '@/lib/auth/api-tokens';
import { handle } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export const DELETE = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request);
  await revokeApiToken(actor, (await params).id);
  return new NextResponse(null, { status: 204 });
});
