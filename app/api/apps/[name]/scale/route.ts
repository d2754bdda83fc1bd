import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { handle, parseBody } from '@/lib/http/respond';
import { MAX_INSTANCES, scaleApp } from '@/lib/deploys/app-operations';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

const ZScale = z.object({ instances: z.coerce.number().int().min(0).max(MAX_INSTANCES) });

/** POST /api/apps/<name>/scale {instances: 0..N} — 0 stops every container (proxy answers 503). */
export const POST = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  const { instances } = await parseBody(request, ZScale);
  return NextResponse.json(await scaleApp(actor, name, instances), { status: 202 });
});
