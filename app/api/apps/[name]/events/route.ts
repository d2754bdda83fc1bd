import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { listAppEvents } from '@/lib/observe/list-events';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

const ZEventQuery = z.object({
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  kind: z.string().max(64).optional(),
});

/** The app's timeline, newest first; page with ?before=<nextBefore>. */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const query = ZEventQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listAppEvents(actor, (await params).name, query));
});
