import { NextResponse } from 'next/server';
import { getBuildLog } from '@/lib/builds/build-log';
import { buildLogEvents, ZBuildLogQuery } from '@/lib/builds/build-log-sse';
import { getBuildForActor } from '@/lib/builds/get-build';
import { appRoute } from '@/lib/http/app-route';
import { sseResponse } from '@/lib/live/sse-response';

export const dynamic = 'force-dynamic';

/**
 * A build's log. JSON `{ lines }` by default; `?follow=1` streams Server-Sent Events (`line`
 * events with id = seq, then one `done` event with the final status), resuming after
 * Last-Event-ID or `?after=`.
 */
export const GET = appRoute<{ id: string }>(async ({ actor, id, request }) => {
  const build = await getBuildForActor(actor, id, 'read');
  const query = ZBuildLogQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const lastEventId = Number(request.headers.get('last-event-id'));
  const after = Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : (query.after ?? 0);
  if (query.follow === '1' || query.follow === 'true') {
    return sseResponse((signal) => buildLogEvents(build.id, after, signal), request.signal, { owner: actor.id });
  }
  return NextResponse.json({ lines: await getBuildLog(build.id, after) });
});
