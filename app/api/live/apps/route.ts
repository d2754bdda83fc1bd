import { openAppListStream } from '@/lib/apps/app-list-stream';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { sseResponse } from '@/lib/live/sse-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/live/apps — Server-Sent Events: `apps` (the whole list the caller may see) at once and after each change. */
export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  return sseResponse(openAppListStream(actor), request.signal, { owner: actor.id });
});
