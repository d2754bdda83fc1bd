import { NextResponse } from 'next/server';
import { redeployApp } from '@/lib/builds/redeploy-app';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/redeploy — builds the latest build's commit again and deploys it; returns the build. */
export const POST = appRoute(async ({ actor, name }) => {
  return NextResponse.json(await redeployApp(actor, name), { status: 202 });
});
