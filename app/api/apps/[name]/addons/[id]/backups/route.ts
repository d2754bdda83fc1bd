import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { createBackup, listBackups } from '@/lib/addons/addon-backups';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET …/addons/<id>/backups — newest first, with status, size and sha256. */
export const GET = appRoute<{ name: string; id: string }>(async ({ actor, name, id }) =>
  NextResponse.json({ backups: await listBackups(actor, name, id) }),
);

/** POST …/addons/<id>/backups — an on-demand backup, answered when done. */
export const POST = appRoute<{ name: string; id: string }>(async ({ actor, name, id }) =>
  NextResponse.json({ backup: await createBackup(actor, name, id) }, { status: 201 }),
);
