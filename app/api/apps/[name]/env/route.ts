import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { listEnv, setEnv, ZSetEnv } from '@/lib/releases/change-env';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/env[?reveal=1] — values masked unless reveal. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const reveal = new URL(request.url).searchParams.get('reveal') === '1';
  return NextResponse.json({ env: await listEnv(actor, name, reveal) });
});

/** PUT /api/apps/<name>/env {key, value} — stores it encrypted and deploys a new release with it. */
export const PUT = appRoute(async ({ actor, name, request }) => {
  const { key, value } = await parseBody(request, ZSetEnv);
  return NextResponse.json(await setEnv(actor, name, key, value), { status: 202 });
});
