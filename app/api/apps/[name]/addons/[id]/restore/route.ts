import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { ZRestore } from '@/lib/addons/addon-backups';
import { restoreAddon } from '@/lib/addons/restore-addon';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST …/addons/<id>/restore {backupId} — restores into the running add-on (recorded as an event). */
export const POST = appRoute<{ name: string; id: string }>(async ({ actor, name, id, request }) => {
  const { backupId } = await parseBody(request, ZRestore);
  return NextResponse.json({ restored: await restoreAddon(actor, name, id, backupId) });
});
