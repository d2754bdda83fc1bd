import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { recordEvent } from '../events/record-event';

/** How much of an app's runtime log Berth keeps: a size budget and an age limit (both apply). */
export const ZLogRetention = z
  .object({
    maxBytes: z.coerce.number().int().min(64 * 1024, 'At least 64 KB').max(1024 * 1024 * 1024, 'At most 1 GB').optional(),
    days: z.coerce.number().int().min(1, 'At least 1 day').max(90, 'At most 90 days').optional(),
  })
  .refine((v) => v.maxBytes !== undefined || v.days !== undefined, { message: 'Give maxBytes and/or days' });
export type LogRetention = z.infer<typeof ZLogRetention>;

export async function setLogRetention(
  actor: Actor,
  appName: string,
  input: LogRetention,
): Promise<{ maxBytes: number; days: number }> {
  const app = await findAppForActor(actor, appName, 'write');
  const updated = await db.app.update({
    where: { id: app.id },
    data: {
      ...(input.maxBytes !== undefined ? { logRetentionBytes: input.maxBytes } : {}),
      ...(input.days !== undefined ? { logRetentionDays: input.days } : {}),
    },
    select: { logRetentionBytes: true, logRetentionDays: true },
  });
  const result = { maxBytes: updated.logRetentionBytes, days: updated.logRetentionDays };
  await recordEvent({
    kind: 'logs.retention',
    message: `Log retention set to ${Math.round(result.maxBytes / 1048576)} MB / ${result.days} days`,
    appId: app.id,
    appName: app.name,
    actor,
    data: result,
  });
  return result;
}
