import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { changeTier } from '@/lib/deploys/app-operations';
import { TIER_NAMES } from '@/lib/model/tiers';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const ZTier = z.object({ tier: z.string().transform((t) => t.toLowerCase()).pipe(z.enum(TIER_NAMES)) });

/** POST /api/apps/<name>/tier {tier: small|medium|large} — rolling redeploy with the new limits. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const { tier } = await parseBody(request, ZTier);
  return NextResponse.json(await changeTier(actor, name, tier), { status: 202 });
});
