import { z } from 'zod';

// Query string of an app's event list (./list-events.ts); the audit log's is in ./audit-log.ts.

/** GET /api/apps/<name>/events?before=&limit=&kind= */
export const ZEventQuery = z.object({
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  kind: z.string().max(64).optional(),
});
