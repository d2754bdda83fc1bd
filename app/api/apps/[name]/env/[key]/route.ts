import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { deleteEnv } from '@/lib/env/change-env';
import { handle } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string; key: string }> };

/** DELETE /api/apps/<name>/env/<KEY> — removes it and deploys a new release without it. */
export const DELETE = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name, key } = await ctx.params;
  return NextResponse.json(await deleteEnv(actor, name, key), { status: 202 });
});
