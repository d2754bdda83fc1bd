import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { listReleases } from '@/lib/releases/list-releases';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/releases — newest first; never includes env values. */
export const GET = appRoute(async ({ actor, name }) => {
  return NextResponse.json({ releases: await listReleases(actor, name) });
});
