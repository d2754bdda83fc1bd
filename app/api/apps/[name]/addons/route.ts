import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { listAddons } from '@/lib/addons/list-addons';
import { provisionAddon, ZCreateAddon } from '@/lib/addons/provision-addon';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/addons — the app's add-ons, connection strings masked. */
export const GET = appRoute(async ({ actor, name }) => NextResponse.json({ addons: await listAddons(actor, name) }));

/** POST /api/apps/<name>/addons {type: postgres|mysql|redis} — provisions and attaches in the background. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const body = await parseBody(request, ZCreateAddon);
  return NextResponse.json({ addon: await provisionAddon(actor, name, body) }, { status: 202 });
});
