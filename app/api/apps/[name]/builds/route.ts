import { NextResponse } from 'next/server';
import { listBuilds, ZListBuildsQuery } from '@/lib/builds/list-builds';
import { appRoute } from '@/lib/http/app-route';

export const dynamic = 'force-dynamic';

/** The app's builds, newest first (`?before=<number>` pages back). */
export const GET = appRoute(async ({ actor, name, request }) => {
  const query = ZListBuildsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ builds: await listBuilds(actor, name, query) });
});
