import * as domains from '../../../app/api/apps/[name]/domains/route';
import * as domain from '../../../app/api/apps/[name]/domains/[hostname]/route';
import * as renew from '../../../app/api/apps/[name]/domains/[hostname]/renew/route';
import * as wildcard from '../../../app/api/tls/wildcard/route';
import type { Route } from '../../../scripts/harness/http-server';

/** Berth's domain and TLS route handlers, for startTestServer / startBerthServer. */
export const domainsApiRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/domains$/, handler: domains.GET as never, params: ['name'] },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/domains$/, handler: domains.POST as never, params: ['name'] },
  { method: 'PATCH', pattern: /^\/api\/apps\/([^/]+)\/domains$/, handler: domains.PATCH as never, params: ['name'] },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/domains\/([^/]+)$/, handler: domain.GET as never, params: ['name', 'hostname'] },
  { method: 'PUT', pattern: /^\/api\/apps\/([^/]+)\/domains\/([^/]+)$/, handler: domain.PUT as never, params: ['name', 'hostname'] },
  { method: 'DELETE', pattern: /^\/api\/apps\/([^/]+)\/domains\/([^/]+)$/, handler: domain.DELETE as never, params: ['name', 'hostname'] },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/domains\/([^/]+)\/renew$/, handler: renew.POST as never, params: ['name', 'hostname'] },
  { method: 'GET', pattern: /^\/api\/tls\/wildcard$/, handler: wildcard.GET as never },
  { method: 'PUT', pattern: /^\/api\/tls\/wildcard$/, handler: wildcard.PUT as never },
  { method: 'DELETE', pattern: /^\/api\/tls\/wildcard$/, handler: wildcard.DELETE as never },
];
