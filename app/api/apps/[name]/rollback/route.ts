import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { handle, parseBody } from '@/lib/http/respond';
import { rollback } from '@/lib/releases/rollback';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

const ZRollback = z.object({ version: z.coerce.number().int().min(1) });

/** POST /api/apps/<name>/rollback {version} — deploys a new release with that release's image and env. */
export const POST = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  const { version } = await parseBody(request, ZRollback);
  return NextResponse.json(await rollback(actor, name, version), { status: 202 });
});
