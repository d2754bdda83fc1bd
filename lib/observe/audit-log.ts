import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { requireAdmin } from '../auth/actor';
import { badRequest } from '../errors';
import { db, type Prisma } from '../db';
import { toEventDto, type EventDto } from './list-events';

/**
 * The global audit log (admins): who did what, when — filtered by app, actor, action and a date
 * range, newest first, in pages (keyset on the event id, both directions, so a page is stable
 * while new events arrive).
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const day = z.preprocess(blankToUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').optional());
const id = z.preprocess(blankToUndefined, z.string().regex(/^\d{1,19}$/, 'an event id').optional());

/** GET /api/audit and the Audit page's query string. Empty form fields count as unset. */
export const ZAuditQuery = z.object({
  /** App name, exact (events outlive a deleted app, so any name is allowed). */
  app: z.preprocess(blankToUndefined, z.string().trim().max(63).regex(/^[a-z0-9-]+$/, 'an app name').optional()),
  /** Who did it: an email (case-insensitive), or "system" for events nobody did (Docker, workers). */
  actor: z.preprocess(blankToUndefined, z.string().trim().max(254).optional()),
  /** Event kind or its prefix: "deploy" matches deploy.live and deploy.failed. */
  action: z.preprocess(blankToUndefined, z.string().trim().max(64).regex(/^[a-z0-9_.-]+$/, 'an event kind such as deploy.live').optional()),
  /** First and last day (UTC), inclusive. */
  from: day,
  to: day,
  /** Only things people did (sign-ins, deploys, env changes), not container events. */
  people: z.preprocess(blankToUndefined, z.enum(['0', '1']).optional()),
  /** Keyset paging: events older than `before`, or newer than `after`. */
  before: id,
  after: id,
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).optional()),
});
export type AuditQuery = z.infer<typeof ZAuditQuery>;

export type AuditPage = {
  events: EventDto[];
  /** Events matching the filters, all pages. */
  total: number;
  /** Cursor for the next older page (`before=`), null on the last page. */
  older: string | null;
  /** Cursor for the next newer page (`after=`), null on the first page. */
  newer: string | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Prisma filter of an audit query; a date range that ends before it starts is a 400. */
export function auditWhere(query: AuditQuery): Prisma.EventWhereInput {
  const from = query.from ? new Date(`${query.from}T00:00:00Z`) : undefined;
  const to = query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) : undefined;
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) throw badRequest('Not a date', { from: 'a date as YYYY-MM-DD' });
  if (from && to && from >= to) throw badRequest('The date range ends before it starts', { to: 'on or after the first day' });
  const where: Prisma.EventWhereInput[] = [];
  if (query.app) where.push({ appName: query.app });
  if (query.actor === 'system') where.push({ actorId: null, actorEmail: null });
  else if (query.actor) where.push({ actorEmail: { equals: query.actor, mode: 'insensitive' } });
  if (query.people === '1') where.push({ actorId: { not: null } });
  if (query.action) where.push({ kind: { startsWith: query.action } });
  if (from || to) where.push({ createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } });
  return where.length ? { AND: where } : {};
}

export async function listAuditLog(actor: Actor, query: AuditQuery): Promise<AuditPage> {
  requireAdmin(actor);
  const where = auditWhere(query);
  const limit = query.limit ?? 50;
  const newerFirst = query.after === undefined;
  const cursor = query.after !== undefined ? { id: { gt: BigInt(query.after) } } : query.before !== undefined ? { id: { lt: BigInt(query.before) } } : {};
  const [rows, total] = await Promise.all([
    db.event.findMany({ where: { AND: [where, cursor] }, orderBy: { id: newerFirst ? 'desc' : 'asc' }, take: limit + 1 }),
    db.event.count({ where }),
  ]);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!newerFirst) page.reverse();
  const events = page.map(toEventDto);
  const first = events[0]?.id ?? null;
  const last = events.at(-1)?.id ?? null;
  return {
    events,
    total,
    // Coming from a newer page (after=) there are older ones; from an older page (before=), newer ones.
    older: newerFirst ? (more ? last : null) : last,
    newer: newerFirst ? (query.before !== undefined ? first : null) : more ? first : null,
  };
}

/** What the filter dropdowns offer: the kinds, actors and apps the log holds. */
export type AuditFacets = { actions: string[]; actors: string[]; apps: string[] };

export async function auditFacets(actor: Actor): Promise<AuditFacets> {
  requireAdmin(actor);
  // Actors and apps from their own tables (small); a deleted app's name can still be typed.
  const [kinds, users, apps] = await Promise.all([
    db.$queryRaw<{ kind: string }[]>`SELECT DISTINCT "kind" FROM "Event" ORDER BY 1 LIMIT 200`,
    db.user.findMany({ select: { email: true }, orderBy: { email: 'asc' }, take: 500 }),
    db.app.findMany({ select: { name: true }, orderBy: { name: 'asc' }, take: 500 }),
  ]);
  return { actions: kinds.map((k) => k.kind), actors: users.map((u) => u.email), apps: apps.map((a) => a.name) };
}
