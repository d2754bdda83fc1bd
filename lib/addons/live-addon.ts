import type { AddonStatus } from '../db';

/** Add-ons still holding a slot on their app (env suffixes, DATABASE_URL): a Prisma `where` part. */
export const LIVE_ADDON = {
  deletedAt: null,
  status: { in: ['PROVISIONING', 'AVAILABLE', 'UNAVAILABLE', 'FAILED'] as AddonStatus[] },
};
