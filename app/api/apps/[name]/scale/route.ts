import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { scaleApp, ZScale } from '@/lib/deploys/scale-app';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/apps/<name>/scale — the process formation, Heroku style:
 *   {"web": 2, "worker": 1}  ·  {"worker": {"quantity": 1, "tier": "medium"}}  ·  {"instances": 2} (= web)
 * 202 with the deployment id; 400 for an unknown process type or a bad quantity, 409 when the
 * instances would not fit (the reason names request versus allocatable) — nothing changes then.
 */
export const POST = appRoute(async ({ actor, name, request }) => {
  const changes = await parseBody(request, ZScale);
  return NextResponse.json(await scaleApp(actor, name, changes), { status: 202 });
});
