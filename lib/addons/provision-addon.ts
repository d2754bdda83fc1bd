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
import { findBackup } from './addon-backups';
import { addonDto, type AddonDto } from './addon-dto';
import { addonJob } from './addon-job';
import { nextEnvSuffix, rowType } from './env-keys';
import { LIVE_ADDON } from './live-addon';
import { placeAddon } from './place-addon';
import { lockPlacements } from '../scheduler/reserve';

export const ZCreateAddon = z
  .object({
    type: z.enum(ADDON_TYPES),
    /** A succeeded backup of a same-type add-on of this app (e.g. one on a lost host) to start from. */
    fromBackup: z.string().min(1).max(64).optional(),
  })
  .strict();
export type CreateAddon = z.infer<typeof ZCreateAddon>;


/**
 * POST /api/apps/<name>/addons: records the add-on (PROVISIONING) with generated, encrypted
 * credentials, its env suffix, and the host the scheduler chose — all in one transaction under
 * the app's row lock, so two requests at once get different suffixes — then queues provisioning.
 * With `fromBackup` the new add-on starts from that backup (restored before it is attached):
 * how the data of an add-on on a lost host comes back on another host.
 */
export async function provisionAddon(actor: Actor, name: string, input: CreateAddon): Promise<AddonDto> {
  const app = await findAppForActor(actor, name, 'write');
  const kind = ADDON_KINDS[input.type];
  const restoreBackupId = input.fromBackup ? (await findBackup({ appId: app.id, type: rowType(input.type) }, input.fromBackup)).id : null;
  const addon = await db.$transaction(
    async (tx) => {
      // The placement lock first, then the app row: the order a deploy's placement takes them
      // (placement lock, then an Instance insert that key-shares the app row). The other order
      // deadlocked against an app's first deploy (seen in e2e: 40P01).
      await lockPlacements(tx);
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
          restoreBackupId,
        },
        include: { host: true },
      });
      await recordEvent(
        {
          kind: 'addon.create',
          message: `${kind.label} ${kind.version} requested for ${app.name}${restoreBackupId ? `, from backup ${restoreBackupId}` : ''}`,
          appId: app.id,
          appName: app.name,
          actor,
          data: { addonId: created.id, restoreBackupId },
        },
        tx,
      );
      return created;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
  await addonJob.enqueue({ addonId: addon.id, action: 'provision' });
  return addonDto(addon);
}
