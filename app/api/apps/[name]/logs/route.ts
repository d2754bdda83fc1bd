import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { sseResponse } from '@/lib/live/sse-response';
import { openAppLogs, ZLogQuery } from '@/lib/logs/app-logs';
import { logStreamOptions } from '@/lib/logs/follow-logs';

export const dynamic = 'force-dynamic';

const on = (v?: string) => v === '1' || v === 'true';

/**
 * Runtime logs of every instance. JSON: the newest lines (oldest first). `?follow=1`: SSE live
 * tail (event `line`, id = line id, resumes from Last-Event-ID). `?download=1`: a text file of
 * every stored line. `?q=` filters by text (case-insensitive), `?instance=` by container.
 */
export const GET = appRoute(async ({ actor, name, request }) => {
  const logs = await openAppLogs(actor, name);
  const query = ZLogQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = { q: query.q || undefined, instance: query.instance || undefined };

  if (on(query.follow)) {
    const lastEventId = request.headers.get('last-event-id') ?? query.after;
    const stream = (signal: AbortSignal) => logs.follow({ ...filter, limit: query.limit, lastEventId }, signal);
    return sseResponse(stream, request.signal, { ...logStreamOptions, owner: actor.id });
  }

  if (on(query.download)) {
    const encoder = new TextEncoder();
    const lines = logs.all(filter);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) return controller.close();
        controller.enqueue(
          encoder.encode(next.value.map((l) => `${l.ts} ${l.instance} ${l.stream} ${l.line}\n`).join('')),
        );
      },
    });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new Response(body, {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="${logs.appName}-logs-${stamp}.txt"`,
        'x-content-type-options': 'nosniff',
      },
    });
  }

  return NextResponse.json({ lines: await logs.recent({ ...filter, limit: query.limit, afterId: query.after }) });
});
