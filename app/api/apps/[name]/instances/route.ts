import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { listInstances } from '@/lib/observe/list-instances';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

/** The app's instances: host, container, state, uptime, restarts, CPU %, memory, port. */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  return NextResponse.json({ instances: await listInstances(actor, (await params).name) });
});
