import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { setSleepAfterIdle, ZSleepSettings } from '@/lib/sleep/sleep-app';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** PUT /api/apps/<name>/sleep-settings {sleepAfterIdleMinutes: 0..10080 | null} — 0 never, null installation default. */
export const PUT = appRoute(async ({ actor, name, request }) => {
  const { sleepAfterIdleMinutes } = await parseBody(request, ZSleepSettings);
  await setSleepAfterIdle(actor, name, sleepAfterIdleMinutes);
  return NextResponse.json({ sleepAfterIdleMinutes });
});
