import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { config } from '../config';
import { db } from '../db';
import { AppError } from '../errors';
import { appHostname } from '../model/app-url';
import { namesCover } from '../tls/parse-pem';
import { domainView, type DomainSettings, type DomainView } from './domain-view';
import { normalizeHostname } from './hostname';

/** An app's domains (default first, then custom ones by name) and its HTTPS settings. */
export async function listDomains(actor: Actor, appName: string): Promise<{ domains: DomainView[]; settings: DomainSettings }> {
  const app = await findAppForActor(actor, appName, 'read');
  const [routes, wildcard] = await Promise.all([
    db.route.findMany({ where: { appId: app.id }, include: { certificate: true }, orderBy: [{ kind: 'asc' }, { hostname: 'asc' }] }),
    db.certificate.findFirst({ where: { source: 'WILDCARD' } }),
  ]);
  const defaultName = appHostname(app.name);
  // The default route may be missing on old rows: it is always served, so always listed.
  const all = routes.some((r) => r.hostname === defaultName) ? routes : [{ hostname: defaultName, kind: 'DEFAULT' as const, certificate: null }, ...routes];
  const domains = all.map((route) =>
    domainView({
      route,
      appName: app.name,
      cert: route.certificate,
      wildcard: wildcard && namesCover(wildcard.names, route.hostname) ? wildcard : null,
    }),
  );
  return { domains, settings: { httpsRedirect: app.httpsRedirect, hsts: app.hsts, tlsPort: config().BERTH_PROXY_TLS_PORT } };
}

/** One custom domain of the app (404 otherwise), with its certificate row. */
export async function findCustomDomain(appId: string, hostname: string) {
  const route = await db.route.findFirst({
    where: { appId, hostname: normalizeHostname(String(hostname)).slice(0, 253), kind: 'CUSTOM' },
    include: { certificate: true },
  });
  if (!route) throw new AppError('NOT_FOUND', `Domain ${JSON.stringify(String(hostname).slice(0, 253))} not found on this app`);
  return route;
}

export async function getDomain(actor: Actor, appName: string, hostname: string): Promise<DomainView> {
  const app = await findAppForActor(actor, appName, 'read');
  const route = await findCustomDomain(app.id, hostname);
  return domainView({ route, appName: app.name, cert: route.certificate });
}
