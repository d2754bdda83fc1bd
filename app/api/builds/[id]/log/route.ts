import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getBuildLog } from '@/lib/builds/build-log';
import { buildLogEventStream } from '@/lib/builds/build-log-sse';
import { getBuildForActor } from '@/lib/builds/get-build';
import { appRoute } from '@/lib/http/app-route';

export const dynamic = 'force-dynamic';

const ZQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  follow: z.enum(['0', '1', 'true', 'false']).optional(),
});

/**
 * A build's log. JSON `{ lines }` by default; `?follow=1` streams Server-Sent Events (`line`
 * events with id = seq, then one `done` event with the final status), resuming after
 * Last-Event-ID or `?after=`.
 */
export const GET = appRoute<{ id: string }>(async ({ actor, id, request }) => {
  const build = await getBuildForActor(actor, id, 'read');
  const query = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const lastEventId = Number(request.headers.get('last-event-id'));
  const after = Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : (query.after ?? 0);
  if (query.follow === '1' || query.follow === 'true') {
    return new Response(buildLogEventStream(build.id, after, request.signal), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  }
  return NextResponse.json({ lines: await getBuildLog(build.id, after) });
});
