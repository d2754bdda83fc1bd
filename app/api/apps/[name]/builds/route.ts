import { NextResponse } from 'next/server';
import { z } from 'zod';
import { findAppForActor } from '@/lib/apps/access';
import { requireActor } from '@/lib/auth/actor';
import { toBuildDto } from '@/lib/builds/build-dto';
import { listBuilds } from '@/lib/builds/list-builds';
import { handle } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ name: string }> };

const ZQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  before: z.coerce.number().int().min(1).optional(),
});

/** The app's builds, newest first (`?before=<number>` pages back). */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const app = await findAppForActor(actor, (await params).name, 'read');
  const query = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const builds = await listBuilds(app.id, { limit: query.limit, beforeNumber: query.before });
  return NextResponse.json({ builds: builds.map(toBuildDto) });
});
