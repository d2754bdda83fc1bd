import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { listAuditEvents } from '@/lib/observe/list-events';

export const dynamic = 'force-dynamic';

const ZAuditQuery = z.object({
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  kind: z.string().max(64).optional(),
  /** Only things people did (sign-ins, deploys, env changes), not container events. */
  people: z.enum(['0', '1']).optional(),
});

/** Admins: the global audit log — who did what, when — newest first. */
export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const query = ZAuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await listAuditEvents(actor, { ...query, actorOnly: query.people === '1' }));
});
