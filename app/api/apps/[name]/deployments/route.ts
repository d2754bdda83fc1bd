import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { listDeployments } from '@/lib/deploys/list-deployments';
import { handle } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

/** GET /api/apps/<name>/deployments — deploys, scales, restarts with status and failure reason. */
export const GET = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  return NextResponse.json({ deployments: await listDeployments(actor, name) });
});
