import { NextResponse } from 'next/server';
import { restartApp } from '@/lib/deploys/app-operations';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/restart — queued; returns the deployment id. */
export const POST = appRoute(async ({ actor, name }) => {
  return NextResponse.json(await restartApp(actor, name), { status: 202 });
});
