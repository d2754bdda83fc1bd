import { NextResponse } from 'next/server';
import { getBuildWithLog, ZGetBuildQuery } from '@/lib/builds/get-build';
import { appRoute } from '@/lib/http/app-route';

export const dynamic = 'force-dynamic';

/** A build's status and its stored log lines (after `?after=<seq>`). */
export const GET = appRoute<{ id: string }>(async ({ actor, id, request }) => {
  const query = ZGetBuildQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await getBuildWithLog(actor, id, query));
});
