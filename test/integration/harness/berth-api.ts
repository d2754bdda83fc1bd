import { GET as getApps, POST as postApps } from '../../../app/api/apps/route';
import { DELETE as deleteApp, GET as getApp } from '../../../app/api/apps/[name]/route';
import * as webhook from '../../../app/api/apps/[name]/webhook/route';
import type { Route } from './http-server';

/** Berth's /api/apps route handlers, for startBerthServer(apiRoutes). */
export const appsApiRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/apps$/, handler: getApps },
  { method: 'POST', pattern: /^\/api\/apps$/, handler: postApps },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)$/, handler: getApp as never, params: ['name'] },
  { method: 'DELETE', pattern: /^\/api\/apps\/([^/]+)$/, handler: deleteApp as never, params: ['name'] },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/webhook$/, handler: webhook.POST as never, params: ['name'] },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/webhook$/, handler: webhook.GET as never, params: ['name'] },
  { method: 'PATCH', pattern: /^\/api\/apps\/([^/]+)\/webhook$/, handler: webhook.PATCH as never, params: ['name'] },
];

/** JSON call with a Bearer token. */
export async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}
