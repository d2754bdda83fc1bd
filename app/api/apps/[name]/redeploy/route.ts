import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { readOptionalJsonBody } from '@/lib/http/read-body';
import { redeploy, ZRedeploy } from '@/lib/releases/redeploy';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/redeploy {version?} — a new release of that release's image with today's env vars. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const input = ZRedeploy.parse((await readOptionalJsonBody(request)) ?? {}); // no body = the defaults
  return NextResponse.json(await redeploy(actor, name, input), { status: 202 });
});
