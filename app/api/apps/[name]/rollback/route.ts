import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { rollback } from '@/lib/releases/rollback';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const ZRollback = z.object({ version: z.coerce.number().int().min(1) });

/** POST /api/apps/<name>/rollback {version} — deploys a new release with that release's image and env. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const { version } = await parseBody(request, ZRollback);
  return NextResponse.json(await rollback(actor, name, version), { status: 202 });
});
