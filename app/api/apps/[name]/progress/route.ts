import { openAppProgress, progressStreamOptions } from '@/lib/apps/progress-stream';
import { appRoute } from '@/lib/http/app-route';
import { sseResponse } from '@/lib/live/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/progress — Server-Sent Events: snapshot, log, build, release, progress, end. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const progress = await openAppProgress(actor, name); // 404 before the stream starts
  return sseResponse(progress, request.signal, { ...progressStreamOptions, owner: actor.id });
});
