import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { decryptJson } from '../crypto/secret-box';
import { db } from '../db';
import { envStates, type EnvState } from '../env/env-states';
import { readEnv } from '../env/read-env';

/** The Env page's header and per-key badges: which release's config runs, and what is not applied. */
export type EnvStatus = {
  live: { version: number; description: string; deployedAt: string | null } | null;
  /** The newest release after the live one (deploying or failed), if any. */
  newer: { version: number; status: string; description: string; failureReason: string | null } | null;
  keys: { key: string; state: EnvState; removed: boolean }[];
};

export async function getEnvStatus(actor: Actor, name: string): Promise<EnvStatus> {
  const app = await findAppForActor(actor, name, 'read');
  const [stored, live] = await Promise.all([
    readEnv(app.id),
    app.currentReleaseId ? db.release.findUnique({ where: { id: app.currentReleaseId } }) : null,
  ]);
  const newer = await db.release.findFirst({
    where: { appId: app.id, version: { gt: live?.version ?? 0 }, status: { in: ['PENDING', 'DEPLOYING', 'FAILED'] } },
    orderBy: { version: 'desc' },
  });
  const keys = envStates(
    stored,
    live ? decryptJson<Record<string, string>>(live.env) : null,
    newer ? { version: newer.version, status: newer.status, env: decryptJson<Record<string, string>>(newer.env) } : null,
  );
  return {
    live: live ? { version: live.version, description: live.description, deployedAt: live.deployedAt?.toISOString() ?? null } : null,
    newer: newer ? { version: newer.version, status: newer.status, description: newer.description, failureReason: newer.failureReason } : null,
    keys,
  };
}
