import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { APP_STATUSES, type AppStatus } from '@/lib/apps/app-status';
import { createApp, ZCreateApp } from '@/lib/apps/create-app';
import { listApps } from '@/lib/apps/list-apps';
import { handle, parseBody } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps?search=&status= — apps the caller may see, with status. */
export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const status = params.get('status');
  const apps = await listApps(actor, {
    search: params.get('search') ?? undefined,
    status: APP_STATUSES.includes(status as AppStatus) ? (status as AppStatus) : undefined,
  });
  return NextResponse.json({ apps });
});

/** POST /api/apps {name, template, tier?, instances?} — one click: repo, route, first build. */
export const POST = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZCreateApp);
  const app = await createApp(actor, input);
  const { name, template, gitUrl, url, status } = app;
  return NextResponse.json({ name, template, gitUrl, url, status }, { status: 201 });
});
