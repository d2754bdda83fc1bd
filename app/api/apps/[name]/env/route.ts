import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { changeEnv, listEnv, ZSetEnv } from '@/lib/releases/change-env';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/env[?reveal=1] — values masked unless reveal. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const reveal = new URL(request.url).searchParams.get('reveal') === '1';
  return NextResponse.json({ env: await listEnv(actor, name, reveal) });
});

/**
 * PUT /api/apps/<name>/env {key, value} or {vars: {A: "1"}, unset: ["C"]} — stores the change
 * encrypted and deploys one new release with it.
 */
export const PUT = appRoute(async ({ actor, name, request }) => {
  const body = await parseBody(request, ZSetEnv);
  return NextResponse.json(await changeEnv(actor, name, body), { status: 202 });
});
