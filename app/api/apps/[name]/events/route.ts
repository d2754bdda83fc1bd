import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appRoute } from '@/lib/http/app-route';
import { listAppEvents } from '@/lib/observe/list-events';

export const dynamic = 'force-dynamic';

const ZEventQuery = z.object({
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  kind: z.string().max(64).optional(),
});

/** The app's timeline, newest first; page with ?before=<nextBefore>. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const query = ZEventQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listAppEvents(actor, name, query));
});
