import { NextResponse } from 'next/server';
import { deleteApp } from '@/lib/apps/delete-app';
import { getApp } from '@/lib/apps/get-app';
import { appRoute } from '@/lib/http/app-route';
import { readOptionalJsonBody } from '@/lib/http/read-body';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name> — status, current release, instances. */
export const GET = appRoute(async ({ actor, name }) => {
  return NextResponse.json({ app: await getApp(actor, name) });
});

/** DELETE /api/apps/<name> with {confirm: "<name>"} (or ?confirm=<name>). */
export const DELETE = appRoute(async ({ actor, name, request }) => {
  let confirm = new URL(request.url).searchParams.get('confirm');
  if (confirm === null) {
    const body = (await readOptionalJsonBody(request)) as { confirm?: unknown } | null;
    confirm = typeof body?.confirm === 'string' ? body.confirm : '';
  }
  await deleteApp(actor, name, confirm);
  return new NextResponse(null, { status: 204 });
});
