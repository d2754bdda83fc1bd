import { NextResponse } from 'next/server';
import { addVolume, ZAddVolume } from '@/lib/volumes/add-volume';
import { listVolumes } from '@/lib/volumes/list-volumes';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/volumes — {volumes: [{id, path, dockerName, host, createdAt}]} */
export const GET = appRoute(async ({ actor, name }) => NextResponse.json(await listVolumes(actor, name)));

/** POST /api/apps/<name>/volumes {path} — 201 {volume, deploymentId}; a running app is rolled out to mount it. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const input = await parseBody(request, ZAddVolume);
  return NextResponse.json(await addVolume(actor, name, input), { status: 201 });
});
