import { NextResponse } from 'next/server';
import { sleepApp } from '@/lib/sleep/sleep-app';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/sleep — stops the app's instances now; the first request wakes it. 202. */
export const POST = appRoute(async ({ actor, name }) => {
  return NextResponse.json(await sleepApp(actor, name), { status: 202 });
});
