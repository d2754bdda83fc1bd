import { NextResponse } from 'next/server';
import { removeVolume } from '@/lib/volumes/remove-volume';
import { appRoute } from '@/lib/http/app-route';
import { readOptionalJsonBody } from '@/lib/http/read-body';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** DELETE /api/apps/<name>/volumes/<id>?confirm=<path> (or {confirm}) — deletes the data; 202 {deploymentId}. */
export const DELETE = appRoute<{ name: string; volumeId: string }>(async ({ actor, name, volumeId, request }) => {
  let confirm = new URL(request.url).searchParams.get('confirm');
  if (confirm === null) {
    const body = (await readOptionalJsonBody(request)) as { confirm?: unknown } | null;
    confirm = typeof body?.confirm === 'string' ? body.confirm : '';
  }
  return NextResponse.json(await removeVolume(actor, name, volumeId, confirm), { status: 202 });
});
