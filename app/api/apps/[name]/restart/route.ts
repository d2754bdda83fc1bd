import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { restartApp } from '@/lib/deploys/app-operations';
import { handle } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

/** POST /api/apps/<name>/restart — queued; returns the deployment id. */
export const POST = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  return NextResponse.json(await restartApp(actor, name), { status: 202 });
});
