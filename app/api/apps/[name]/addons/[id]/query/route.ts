import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { queryAddon, ZAddonQuery } from '@/lib/addons/query-addon';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/addons/<id>/query {query} — admins only: one statement, text output. */
export const POST = appRoute<{ name: string; id: string }>(async ({ actor, name, id, request }) => {
  const { query } = await parseBody(request, ZAddonQuery);
  return NextResponse.json(await queryAddon(actor, name, id, query));
});
