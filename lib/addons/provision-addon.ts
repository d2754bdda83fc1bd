import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { config } from '../config';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import { normaliseLabels } from '../scheduler/cluster-state';
import { ADDON_KINDS, ADDON_TYPES } from './catalogue';
import { generateCredentials, sealCredentials } from './credentials';
import { addonDto, type AddonDto } from './addon-dto';
import { addonJob } from './addon-job';
import { nextEnvSuffix, rowType } from './env-keys';
import { placeAddon } from './place-addon';

export const ZCreateAddon = z.object({ type: z.enum(ADDON_TYPES) }).strict();
export type CreateAddon = z.infer<typeof ZCreateAddon>;

/** Add-ons still holding a slot on their app (env suffixes, DATABASE_URL). */
export const LIVE_ADDON = { deletedAt: null, status: { in: ["PROVISIONING", "AVAILABLE", "UNAVAILABLE", "FAILED"] as Array<"PROVISIONING" | "AVAILABLE" | "UNAVAILABLE" | "FAILED"> } };

/**
 * POST /api/apps/<name>/addons: records the add-on (PROVISIONING) with generated, encrypted
 * credentials, its env suffix, and the host the scheduler chose — all in one transaction under
 * the app's row lock, so two requests at once get different suffixes — then queues provisioning.
 */
export async function provisionAddon(actor: Actor, name: string, input: CreateAddon): Promise<AddonDto> {
  const app = await findAppForActor(actor, name, 'write');
  const kind = ADDON_KINDS[input.type];
  const addon = await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${app.id} FOR UPDATE`;
      const live = await tx.addon.findMany({ where: { appId: app.id, ...LIVE_ADDON } });
      const envSuffix = nextEnvSuffix(live.filter((a) => a.type === rowType(input.type)).map((a) => a.envSuffix));
      const setsDatabaseUrl = kind.database && !live.some((a) => a.setsDatabaseUrl);
      const key = randomBytes(4).toString('hex');
      const { hostId, reason } = await placeAddon(tx, {
        appId: app.id,
        addonKey: `addon-${key}`,
        cpuRequest: kind.cpuRequest,
        memoryRequestMb: kind.memoryRequestMb,
        constraints: normaliseLabels(app.hostConstraints),
      });
      const containerName = `berth-${config().BERTH_INSTALLATION}-${app.name}-${input.type}-${key}`;
      const created = await tx.addon.create({
        data: {
          appId: app.id,
          type: rowType(input.type),
          envSuffix,
          setsDatabaseUrl,
          hostId,
          placementReason: reason,
          containerName,
          volumeName: `${containerName}-data`,
          credentials: sealCredentials(generateCredentials()),
          version: kind.version,
          cpuRequest: kind.cpuRequest,
          cpuLimit: kind.cpuLimit,
          memoryRequestMb: kind.memoryRequestMb,
          memoryLimitMb: kind.memoryLimitMb,
          createdById: actor.id,
        },
        include: { host: true },
      });
      await recordEvent(
        { kind: 'addon.create', message: `${kind.label} ${kind.version} requested for ${app.name}`, appId: app.id, appName: app.name, actor, data: { addonId: created.id } },
        tx,
      );
      return created;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
  await addonJob.enqueue({ addonId: addon.id, action: 'provision' });
  return addonDto(addon);
}
