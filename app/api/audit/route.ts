import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { listAuditLog, ZAuditQuery } from '@/lib/observe/audit-log';

export const dynamic = 'force-dynamic';

/**
 * Admins: the global audit log — who did what, when — newest first.
 * ?app=&actor=&action=&from=YYYY-MM-DD&to=YYYY-MM-DD&people=1&before=|after=<id>&limit=
 */
export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const query = ZAuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listAuditLog(actor, query));
});
