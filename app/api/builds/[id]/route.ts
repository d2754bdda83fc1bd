import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { toBuildDto } from '@/lib/builds/build-dto';
import { getBuildLog } from '@/lib/builds/build-log';
import { getBuildForActor } from '@/lib/builds/get-build';
import { handle } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ id: string }> };

const ZQuery = z.object({ after: z.coerce.number().int().min(0).optional() });

/** A build's status and its stored log lines (after `?after=<seq>`). */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const build = await getBuildForActor(actor, (await params).id, 'read');
  const query = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({
    build: { ...toBuildDto(build), app: build.app.name },
    lines: await getBuildLog(build.id, query.after ?? 0),
  });
});
