import { NextResponse } from 'next/server';
import { toBuildDto } from '@/lib/builds/build-dto';
import { cancelBuild } from '@/lib/builds/cancel-build';
import { getBuildForActor } from '@/lib/builds/get-build';
import { recordEvent } from '@/lib/events/record-event';
import { appRoute } from '@/lib/http/app-route';

/** Cancels a queued or running build (409 when it already finished). */
export const POST = appRoute<{ id: string }>(async ({ actor, id }) => {
  const build = await getBuildForActor(actor, id, 'write');
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
