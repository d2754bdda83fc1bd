import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { deleteApp } from '@/lib/apps/delete-app';
import { getApp } from '@/lib/apps/get-app';
import { handle } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

/** GET /api/apps/<name> — status, current release, instances. */
export const GET = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  return NextResponse.json({ app: await getApp(actor, name) });
});

/** DELETE /api/apps/<name> with {confirm: "<name>"} (or ?confirm=<name>). */
export const DELETE = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  let confirm = new URL(request.url).searchParams.get('confirm');
  if (confirm === null) {
    const body = (await request.json().catch(() => null)) as { confirm?: unknown } | null;
    confirm = typeof body?.confirm === 'string' ? body.confirm : '';
  }
  await deleteApp(actor, name, confirm);
  return new NextResponse(null, { status: 204 });
});
