import { z } from 'zod';
import { defineJob } from '../background/job';
import { runAddonProvision } from './run-provision';
import { runAddonRemoval } from './remove-addon';

/**
 * Background work on one add-on (queue `addons`): `provision` (container up, env attached, new
 * release) and `remove` (final backup, then container and volume gone). Payload = the row id;
 * each handler re-reads the row and does nothing when its status says the step is done.
 */
export const addonJob = defineJob({
  queue: 'addons',
  name: 'addon',
  schema: z.object({ addonId: z.string().min(1).max(64), action: z.enum(['provision', 'remove']) }),
  jobId: (d) => `${d.action}-${d.addonId}`,
  handle: async (d) => (d.action === 'provision' ? runAddonProvision(d.addonId) : runAddonRemoval(d.addonId)),
});
