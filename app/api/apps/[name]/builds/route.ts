import { NextResponse } from 'next/server';
import { z } from 'zod';
import { findAppForActor } from '@/lib/auth/app-access';
import { toBuildDto } from '@/lib/builds/build-dto';
import { listBuilds } from '@/lib/builds/list-builds';
import { appRoute } from '@/lib/http/app-route';

export const dynamic = 'force-dynamic';

const ZQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  before: z.coerce.number().int().min(1).optional(),
});

/** The app's builds, newest first (`?before=<number>` pages back). */
export const GET = appRoute(async ({ actor, name, request }) => {
  const app = await findAppForActor(actor, name, 'read');
  const query = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const builds = await listBuilds(app.id, { limit: query.limit, beforeNumber: query.before });
  return NextResponse.json({ builds: builds.map(toBuildDto) });
});
