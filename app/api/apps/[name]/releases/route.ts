import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { listReleases } from '@/lib/releases/list-releases';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

/** GET /api/apps/<name>/releases — newest first; never includes env values. */
export const GET = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  return NextResponse.json({ releases: await listReleases(actor, name) });
});
