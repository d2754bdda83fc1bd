import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { scaleApp, ZScale } from '@/lib/deploys/app-operations';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/scale {instances: 0..N} — 0 stops every container (proxy answers 503). */
export const POST = appRoute(async ({ actor, name, request }) => {
  const { instances } = await parseBody(request, ZScale);
  return NextResponse.json(await scaleApp(actor, name, instances), { status: 202 });
});
