import { NextResponse } from 'next/server';
import { cancelBuildForActor } from '@/lib/builds/cancel-build';
import { appRoute } from '@/lib/http/app-route';

/** Cancels a queued or running build (409 when it already finished). */
export const POST = appRoute<{ id: string }>(async ({ actor, id }) => {
  return NextResponse.json({ build: await cancelBuildForActor(actor, id) });
});
