import { NextResponse } from 'next/server';
import { revokeApiToken } from '@/lib/auth/api-tokens';
import { appRoute } from '@/lib/http/app-route';

export const dynamic = 'force-dynamic';

export const DELETE = appRoute<{ id: string }>(async ({ actor, id }) => {
  await revokeApiToken(actor, id);
  return new NextResponse(null, { status: 204 });
});
