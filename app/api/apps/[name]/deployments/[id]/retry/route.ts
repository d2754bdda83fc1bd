import { NextResponse } from 'next/server';
import { retryOperation } from '@/lib/deploys/retry-operation';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/apps/<name>/deployments/<id>/retry — a failed scale, restart, start or stop asked
 * again (the failure banner's Retry); 202 {deploymentId}, or the same refusal as the first time.
 */
export const POST = appRoute<{ name: string; id: string }>(async ({ actor, name, id }) => {
  return NextResponse.json(await retryOperation(actor, name, id), { status: 202 });
});
