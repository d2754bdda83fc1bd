import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { ZEventQuery } from '@/lib/observe/event-queries';
import { listAppEvents } from '@/lib/observe/list-events';

export const dynamic = 'force-dynamic';

/** The app's timeline, newest first; page with ?before=<nextBefore>. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const query = ZEventQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listAppEvents(actor, name, query));
});
