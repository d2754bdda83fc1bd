import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { MAX_INSTANCES, scaleApp } from '@/lib/deploys/app-operations';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const ZScale = z.object({ instances: z.coerce.number().int().min(0).max(MAX_INSTANCES) });

/** POST /api/apps/<name>/scale {instances: 0..N} — 0 stops every container (proxy answers 503). */
export const POST = appRoute(async ({ actor, name, request }) => {
  const { instances } = await parseBody(request, ZScale);
  return NextResponse.json(await scaleApp(actor, name, instances), { status: 202 });
});
