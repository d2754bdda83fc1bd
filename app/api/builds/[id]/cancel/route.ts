import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { toBuildDto } from '@/lib/builds/build-dto';
import { cancelBuild } from '@/lib/builds/cancel-build';
import { getBuildForActor } from '@/lib/builds/get-build';
import { recordEvent } from '@/lib/events/record-event';
import { handle } from '@/lib/http/respond';

type Ctx = { params: Promise<{ id: string }> };

/** Cancels a queued or running build (409 when it already finished). */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const build = await getBuildForActor(actor, (await params).id, 'write');
  const updated = await cancelBuild(build.id);
  await recordEvent({
    kind: 'build.cancel',
    message: `Cancel requested for build #${build.number}`,
    appId: build.appId,
    appName: build.app.name,
    actor,
    data: { buildId: build.id },
  });
  return NextResponse.json({ build: toBuildDto(updated) });
});
