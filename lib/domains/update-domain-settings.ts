import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { config } from '../config';
import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import type { DomainSettings } from './domain-view';

/** PATCH /api/apps/<name>/domains {httpsRedirect?, hsts?} */
export const ZDomainSettings = z.object({ httpsRedirect: z.boolean().optional(), hsts: z.boolean().optional() }).strict();

/** Per-app HTTPS options at the edge: redirect plain HTTP to HTTPS, and HSTS. */
export async function updateDomainSettings(
  actor: Actor,
  appName: string,
  input: { httpsRedirect?: boolean; hsts?: boolean },
): Promise<DomainSettings> {
  const app = await findAppForActor(actor, appName, 'write');
  const updated = await db.app.update({
    where: { id: app.id },
    data: { httpsRedirect: input.httpsRedirect ?? app.httpsRedirect, hsts: input.hsts ?? app.hsts },
  });
  await recordEvent({
    kind: 'domain.settings',
    message: `HTTPS settings: redirect ${updated.httpsRedirect ? 'on' : 'off'}, HSTS ${updated.hsts ? 'on' : 'off'}`,
    appId: app.id,
    appName: app.name,
    actor,
    data: { httpsRedirect: updated.httpsRedirect, hsts: updated.hsts },
  });
  await syncProxy().catch((error) => console.error(`[domains] proxy sync for ${app.name} failed: ${describeError(error)}`));
  return { httpsRedirect: updated.httpsRedirect, hsts: updated.hsts, tlsPort: config().BERTH_PROXY_TLS_PORT };
}
