import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { rollback, ZRollback } from '@/lib/releases/rollback';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/apps/<name>/rollback {version} — deploys a new release with that release's image and env. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const { version } = await parseBody(request, ZRollback);
  return NextResponse.json(await rollback(actor, name, version), { status: 202 });
});
