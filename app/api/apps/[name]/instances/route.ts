import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { listInstances } from '@/lib/observe/list-instances';

export const dynamic = 'force-dynamic';

/** The app's instances: host, container, state, uptime, restarts, CPU %, memory, port. */
export const GET = appRoute(async ({ actor, name }) => {
  return NextResponse.json({ instances: await listInstances(actor, name) });
});
