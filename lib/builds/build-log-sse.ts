import { z } from 'zod';
import type { SseItem } from '../live/sse-format';
import { followBuildLog } from './follow-build-log';

/** Query of GET /api/builds/<id>/log: `?after=<seq>`, `?follow=1`. */
export const ZBuildLogQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  follow: z.enum(['0', '1', 'true', 'false']).optional(),
});

/**
 * A build log as Server-Sent Events: `line` events (id = seq, data = {seq, line}) for history
 * then live lines, and one `done` event ({status}) at the end. Resumes after `afterSeq`
 * (Last-Event-ID).
 */
export async function* buildLogEvents(buildId: string, afterSeq: number, signal: AbortSignal): AsyncGenerator<SseItem> {
  for await (const m of followBuildLog(buildId, { afterSeq, signal })) {
    if ('done' in m) yield { event: 'done', data: { status: m.done } };
    else yield { id: m.seq, event: 'line', data: { seq: m.seq, line: m.line } };
  }
}
