import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { getAddon } from '@/lib/addons/list-addons';
import { deleteAddon } from '@/lib/addons/delete-addon';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/addons/<id>[?reveal=1] — status, version, size used, connection info. */
export const GET = appRoute<{ name: string; id: string }>(async ({ actor, name, id, request }) => {
  const reveal = new URL(request.url).searchParams.get('reveal') === '1';
  return NextResponse.json({ addon: await getAddon(actor, name, id, reveal) });
});

/** DELETE /api/apps/<name>/addons/<id>?confirm=<type> — detaches now; final backup, then removal. */
export const DELETE = appRoute<{ name: string; id: string }>(async ({ actor, name, id, request }) => {
  const confirm = new URL(request.url).searchParams.get('confirm');
  return NextResponse.json({ addon: await deleteAddon(actor, name, id, confirm) }, { status: 202 });
});
