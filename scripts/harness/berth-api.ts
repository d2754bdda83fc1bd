import { GET as getApps, POST as postApps } from '../../app/api/apps/route';
import { DELETE as deleteApp, GET as getApp } from '../../app/api/apps/[name]/route';
import * as progress from '../../app/api/apps/[name]/progress/route';
import * as webhook from '../../app/api/apps/[name]/webhook/route';
import type { Route } from './http-server';

/** Berth's /api/apps route handlers, for startBerthServer(apiRoutes). */
export const appsApiRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/apps$/, handler: getApps },
  { method: 'POST', pattern: /^\/api\/apps$/, handler: postApps },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)$/, handler: getApp as never, params: ['name'] },
  { method: 'DELETE', pattern: /^\/api\/apps\/([^/]+)$/, handler: deleteApp as never, params: ['name'] },
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/progress$/, handler: progress.GET as never, params: ['name'] },
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

/** Reads Server-Sent Events until `until` returns true (or the timeout); returns them all. */
export async function readSse(
  url: string,
  token: string,
  until: (e: { event: string; data: any }) => boolean, // eslint-disable-line @typescript-eslint/no-explicit-any
  timeoutMs = 180_000,
) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const events: { event: string; data: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`SSE ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
        events.push({ event, data });
        if (until({ event, data })) return events;
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return events;
}
