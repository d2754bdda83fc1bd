import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { getLogRetention } from '@/lib/logs/get-log-retention';
import { setLogRetention, ZLogRetention } from '@/lib/logs/set-log-retention';

export const dynamic = 'force-dynamic';

/** The app's log retention: { maxBytes, days }. */
export const GET = appRoute(async ({ actor, name }) => {
  return NextResponse.json({ retention: await getLogRetention(actor, name) });
});

/** Change it: { maxBytes?: 64 KB–1 GB, days?: 1–90 }; enforced by the worker within minutes. */
export const PUT = appRoute(async ({ actor, name, request }) => {
  const input = await parseBody(request, ZLogRetention);
  return NextResponse.json({ retention: await setLogRetention(actor, name, input) });
});
