import { findAppForActor } from '@/lib/auth/app-access';
import { appProgress, progressStreamOptions } from '@/lib/apps/progress-stream';
import { appRoute } from '@/lib/http/app-route';
import { sseResponse } from '@/lib/live/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/progress — Server-Sent Events: snapshot, log, build, release, progress, end. */
export const GET = appRoute(async ({ actor, name, request }) => {
  await findAppForActor(actor, name, 'read'); // 404 before the stream starts
  return sseResponse((signal) => appProgress(actor, name, signal), request.signal, progressStreamOptions);
});
