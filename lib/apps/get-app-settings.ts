import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { formationOf, type FormationDto } from '../deploys/app-formation';
import { parseHealthCheck, type HealthCheck } from '../model/health-check';

/** What the Settings tab edits: the process formation, tier, run state and the app-level health check. */
export type AppSettings = {
  formation: FormationDto;
  tier: string; // small | medium | large
  stopped: boolean;
  healthcheck: HealthCheck | null;
};

/** The settings of an app the actor may see (another team's app is a 404). */
export async function getAppSettings(actor: Actor, appName: string): Promise<AppSettings> {
  const app = await findAppForActor(actor, appName, 'read');
  return {
    formation: await formationOf(app),
    tier: app.tier.toLowerCase(),
    stopped: app.desiredState === 'STOPPED',
    healthcheck: parseHealthCheck(app.healthcheck),
  };
}
