import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { handle, parseBody } from '@/lib/http/respond';
import { listEnv, setEnv } from '@/lib/env/change-env';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

const ZSetEnv = z.object({ key: z.string().min(1).max(128), value: z.string().max(32_768) });

/** GET /api/apps/<name>/env[?reveal=1] — values masked unless reveal. */
export const GET = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  const reveal = new URL(request.url).searchParams.get('reveal') === '1';
  return NextResponse.json({ env: await listEnv(actor, name, reveal) });
});

/** PUT /api/apps/<name>/env {key, value} — stores it encrypted and deploys a new release with it. */
export const PUT = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  const { key, value } = await parseBody(request, ZSetEnv);
  return NextResponse.json(await setEnv(actor, name, key, value), { status: 202 });
});
