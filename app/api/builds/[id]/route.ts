import { NextResponse } from 'next/server';
import { z } from 'zod';
import { toBuildDto } from '@/lib/builds/build-dto';
import { getBuildLog } from '@/lib/builds/build-log';
import { getBuildForActor } from '@/lib/builds/get-build';
import { appRoute } from '@/lib/http/app-route';

export const dynamic = 'force-dynamic';

const ZQuery = z.object({ after: z.coerce.number().int().min(0).optional() });

/** A build's status and its stored log lines (after `?after=<seq>`). */
export const GET = appRoute<{ id: string }>(async ({ actor, id, request }) => {
  const build = await getBuildForActor(actor, id, 'read');
  const query = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({
    build: { ...toBuildDto(build), app: build.app.name },
    lines: await getBuildLog(build.id, query.after ?? 0),
  });
});
