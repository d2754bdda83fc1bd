import { NextResponse } from 'next/server';
import { listDeployments } from '@/lib/deploys/list-deployments';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/deployments — deploys, scales, restarts with status and failure reason. */
export const GET = appRoute(async ({ actor, name }) => {
  return NextResponse.json({ deployments: await listDeployments(actor, name) });
});
