import { NextResponse } from 'next/server';
import { wakeApp } from '@/lib/sleep/sleep-app';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/wake — starts a sleeping app (409 when it is not sleeping). 202. */
export const POST = appRoute(async ({ actor, name }) => {
  return NextResponse.json(await wakeApp(actor, name), { status: 202 });
});
