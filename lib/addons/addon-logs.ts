import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { toLogLineDto, type LogLineDto } from '../logs/log-line-dto';
import { findAddonForActor } from './find-addon';

/** GET /api/apps/<name>/addons/<id>/logs?limit=&after= */
export const ZAddonLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(2000).default(200),
  after: z.string().regex(/^\d{1,19}$/).optional(),
});
export type AddonLogQuery = z.infer<typeof ZAddonLogQuery>;

/**
 * The newest lines of one add-on's server log (oldest first), shipped by the app log shipper
 * (lib/logs/ingest/ship-logs.ts) with `addonId` set. They are in the app's log stream too, under
 * the add-on's container name, as Heroku shows `app[postgres]` lines.
 */
export async function listAddonLogs(actor: Actor, name: string, id: string, query: AddonLogQuery): Promise<LogLineDto[]> {
  const addon = await findAddonForActor(actor, name, id);
  const rows = await db.logLine.findMany({
    where: { addonId: addon.id, ...(query.after ? { id: { gt: BigInt(query.after) } } : {}) },
    orderBy: { id: 'desc' },
    take: query.limit,
  });
  return rows.reverse().map(toLogLineDto);
}
