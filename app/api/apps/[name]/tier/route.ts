import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { changeTier, ZChangeTier } from '@/lib/deploys/app-operations';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/tier {tier: small|medium|large} — rolling redeploy with the new limits. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const { tier } = await parseBody(request, ZChangeTier);
  return NextResponse.json(await changeTier(actor, name, tier), { status: 202 });
});
