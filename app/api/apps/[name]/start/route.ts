import { NextResponse } from 'next/server';
import { startApp } from '@/lib/deploys/app-operations';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/start — queued; returns the deployment id. */
export const POST = appRoute(async ({ actor, name }) => {
  return NextResponse.json(await startApp(actor, name), { status: 202 });
});
