import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { issuedCertificateData } from './issued-certificate-data';
import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import { checkUpload, ZPem, type UploadInput } from './check-upload';
import { domainView, type DomainView } from './domain-view';
import { findCustomDomain } from './list-domains';
import { requestCertificates } from './request-certificates';

/** PUT /api/apps/<name>/domains/<hostname> {certificate, chain?, privateKey} | {acme: true} */
export const ZReplaceCertificate = z.union([
  z.object({ certificate: ZPem.min(1), chain: ZPem.optional(), privateKey: ZPem.min(1) }).strict(),
  z.object({ acme: z.literal(true) }).strict(),
]);

/**
 * Changes where a custom domain's certificate comes from: a new upload (checked like on add;
 * a bad one changes nothing) or, with `null`, ACME — the current certificate keeps serving until
 * the issuer's replaces it.
 */
export async function replaceCertificate(actor: Actor, appName: string, hostname: string, upload: UploadInput | null, now = new Date()): Promise<DomainView> {
  const app = await findAppForActor(actor, appName, 'write');
  const route = await findCustomDomain(app.id, hostname);
  const info = upload ? checkUpload(upload, [route.hostname], now) : null;
  const data = info
    ? {
        source: 'UPLOADED' as const,
        ...issuedCertificateData(info),
        lastError: null,
        failures: 0,
        nextAttemptAt: null,
      }
    : {
        source: 'ACME' as const,
        status: route.certificate?.certPem ? ('ISSUED' as const) : ('PENDING' as const),
        failures: 0,
        nextAttemptAt: null,
        lastError: null,
        lastAttemptAt: null, // never tried with ACME → due at once (renew-due-certificates)
      };
  await db.$transaction(async (tx) => {
    await tx.certificate.upsert({ where: { routeId: route.id }, create: { routeId: route.id, ...data }, update: data });
    await recordEvent(
      {
        kind: 'domain.certificate',
        message: info ? `Uploaded a certificate for ${route.hostname} (valid until ${info.notAfter.toISOString().slice(0, 10)})` : `${route.hostname} now gets its certificate from ACME`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { hostname: route.hostname, source: info ? 'uploaded' : 'acme' },
      },
      tx,
    );
  });
  await syncProxy().catch((error) => console.error(`[domains] proxy sync for ${route.hostname} failed: ${describeError(error)}`));
  if (!info) await requestCertificates(`acme ${route.hostname}`);
  const fresh = await findCustomDomain(app.id, route.hostname);
  return domainView({ route: fresh, appName: app.name, cert: fresh.certificate });
}
