import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { listAddonLogs, ZAddonLogQuery } from '@/lib/addons/addon-logs';

export const dynamic = 'force-dynamic';

/** GET …/addons/<id>/logs?limit=200&after=<id> — the newest lines of the add-on's server log. */
export const GET = appRoute<{ name: string; id: string }>(async ({ actor, name, id, request }) => {
  const query = ZAddonLogQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ lines: await listAddonLogs(actor, name, id, query) });
});
