import { z } from 'zod';

// Query strings of the two event lists in ./list-events.ts (listAppEvents, listAuditEvents).

/** GET /api/apps/<name>/events?before=&limit=&kind= */
export const ZEventQuery = z.object({
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  kind: z.string().max(64).optional(),
});

/** GET /api/audit?before=&limit=&kind=&people= */
export const ZAuditQuery = ZEventQuery.extend({
  /** Only things people did (sign-ins, deploys, env changes), not container events. */
  people: z.enum(['0', '1']).optional(),
});
