import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { db } from '../db';
import { AppError } from '../errors';
import { domainView, type DomainView } from './domain-view';
import { issueCertificate } from './issue-certificate';
import { findCustomDomain } from './list-domains';

/**
 * The Renew button: orders a new ACME certificate now (whatever its expiry), waiting for the
 * outcome (bounded by the ACME deadline). An uploaded certificate is renewed by uploading a new
 * one (409 says so); an order already running is a 409 too.
 */
export async function renewDomain(actor: Actor, appName: string, hostname: string, now = new Date()): Promise<DomainView> {
  const app = await findAppForActor(actor, appName, 'write');
  const route = await findCustomDomain(app.id, hostname);
  const cert = route.certificate;
  if (!cert || cert.source !== 'ACME') {
    throw new AppError('CONFLICT', `${route.hostname} uses an uploaded certificate: upload a new one to renew it`);
  }
  const outcome = await issueCertificate(cert.id, now);
  if (outcome.skipped === 'leased') throw new AppError('CONFLICT', `A certificate for ${route.hostname} is being ordered right now`);
  const fresh = await db.route.findUniqueOrThrow({ where: { id: route.id }, include: { certificate: true } });
  return domainView({ route: fresh, appName: app.name, cert: fresh.certificate });
}
