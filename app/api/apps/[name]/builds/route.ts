import { NextResponse } from 'next/server';
import { listBuilds, ZListBuildsQuery } from '@/lib/builds/list-builds';
import { requestBuild, ZRequestBuild } from '@/lib/builds/request-build';
import { appRoute } from '@/lib/http/app-route';
import { readOptionalJsonBody } from '@/lib/http/read-body';

export const dynamic = 'force-dynamic';

/** The app's builds, newest first (`?before=<number>` pages back). */
export const GET = appRoute(async ({ actor, name, request }) => {
  const query = ZListBuildsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ builds: await listBuilds(actor, name, query) });
});

/** POST {build?} — builds and deploys the branch head ("Deploy latest") or build #n's commit again (Retry). */
export const POST = appRoute(async ({ actor, name, request }) => {
  const input = ZRequestBuild.parse((await readOptionalJsonBody(request)) ?? {}); // no body = the defaults
  return NextResponse.json(await requestBuild(actor, name, input), { status: 202 });
});
