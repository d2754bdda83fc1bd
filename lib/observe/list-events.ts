import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db, type Event, type Prisma } from '../db';

/** A timeline / audit entry as the UI and API see it. */
export type EventDto = {
  id: string;
  kind: string;
  message: string;
  app: string | null;
  hostId: string | null;
  actor: string | null; // email of who did it; null for the system (Docker, workers)
  data: Record<string, unknown>;
  at: string;
};

export type EventPage = { events: EventDto[]; nextBefore: string | null };

export type ListEventsOptions = {
  /** Only events older than this id (pagination, newest first). */
  before?: string;
  limit?: number;
  /** Kind prefix, e.g. "container." or "deploy". */
  kind?: string;
};

/** An app's timeline: container events, deploys, scales, env changes — newest first. */
export async function listAppEvents(actor: Actor, appName: string, opts: ListEventsOptions = {}): Promise<EventPage> {
  const app = await findAppForActor(actor, appName, 'read');
  return page({ appId: app.id }, opts);
}

async function page(where: Prisma.EventWhereInput, opts: ListEventsOptions): Promise<EventPage> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  const before = opts.before && /^\d+$/.test(opts.before) ? BigInt(opts.before) : undefined;
  const rows = await db.event.findMany({
    where: {
      ...where,
      ...(before !== undefined ? { id: { lt: before } } : {}),
      ...(opts.kind ? { kind: { startsWith: opts.kind } } : {}),
    },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const events = rows.slice(0, limit).map(toEventDto);
  return { events, nextBefore: rows.length > limit ? events[events.length - 1].id : null };
}

export function toEventDto(e: Event): EventDto {
  return {
    id: e.id.toString(),
    kind: e.kind,
    message: e.message,
    app: e.appName,
    hostId: e.hostId,
    actor: e.actorEmail,
    data: (e.data ?? {}) as Record<string, unknown>,
    at: e.createdAt.toISOString(),
  };
}
