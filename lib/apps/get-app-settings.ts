import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { MAX_INSTANCES } from '../deploys/app-operations';
import { parseHealthCheck, type HealthCheck } from '../model/health-check';

/** What the Settings tab edits: scale, tier, run state and the app-level health check. */
export type AppSettings = {
  instances: number;
  maxInstances: number;
  tier: string; // small | medium | large
  stopped: boolean;
  healthcheck: HealthCheck | null;
};

/** The settings of an app the actor may see (another team's app is a 404). */
export async function getAppSettings(actor: Actor, appName: string): Promise<AppSettings> {
  const app = await findAppForActor(actor, appName, 'read');
  return {
    instances: app.instances,
    maxInstances: MAX_INSTANCES,
    tier: app.tier.toLowerCase(),
    stopped: app.desiredState === 'STOPPED',
    healthcheck: parseHealthCheck(app.healthcheck),
  };
}
