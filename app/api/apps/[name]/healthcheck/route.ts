import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { setHealthCheck, ZSetHealthCheck } from '@/lib/deploys/app-operations';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** PUT /api/apps/<name>/healthcheck {healthcheck: {...} | null} — applies from the next release. */
export const PUT = appRoute(async ({ actor, name, request }) => {
  const { healthcheck } = await parseBody(request, ZSetHealthCheck);
  await setHealthCheck(actor, name, healthcheck);
  return NextResponse.json({ healthcheck });
});
