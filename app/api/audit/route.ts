import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { ZAuditQuery } from '@/lib/observe/event-queries';
import { listAuditEvents } from '@/lib/observe/list-events';

export const dynamic = 'force-dynamic';

/** Admins: the global audit log — who did what, when — newest first. */
export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const query = ZAuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listAuditEvents(actor, { ...query, actorOnly: query.people === '1' }));
});
