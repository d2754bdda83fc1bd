import type { IncomingHttpHeaders } from 'node:http';
import { config } from '../config';
import { AppError } from '../errors';
import { actorFromToken, type Actor } from './actor';
import { readCookie, SESSION_COOKIE } from './cookie';
import { checkOriginHeaders } from './same-origin';
import { actorFromSession } from './session';
import { bearerToken } from './tokens';

/**
 * Who opens a WebSocket (the console): `Authorization: Bearer berth_…` (the CLI), else the
 * session cookie — and then the upgrade must come from Berth's own pages. A browser attaches the
 * cookie to a WebSocket opened by any page of the same site (an app at *.apps.example.com), and
 * WebSockets are not subject to CORS, so Origin (which browsers always send on an upgrade) must
 * be Berth's origin: cross-site WebSocket hijacking is refused here.
 * `forwardedHost`: the Host the client used, when a local reverse proxy (Next's rewrite) passed it.
 */
export async function actorFromUpgrade(headers: IncomingHttpHeaders): Promise<Actor> {
  const token = bearerToken(one(headers.authorization));
  if (token) {
    const actor = await actorFromToken(token);
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Invalid or expired token');
    return actor;
  }
  const session = readCookie(one(headers.cookie), SESSION_COOKIE);
  if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in required');
  const origin = one(headers.origin);
  if (!origin) throw new AppError('FORBIDDEN', 'A console opened with the session cookie must come from Berth’s own pages');
  const seen = new Headers({ origin });
  const host = one(headers['x-forwarded-host']) ?? one(headers.host);
  if (host) seen.set('host', host);
  const fetchSite = one(headers['sec-fetch-site']);
  if (fetchSite) seen.set('sec-fetch-site', fetchSite);
  checkOriginHeaders(seen, config().BERTH_PUBLIC_URL);
  const actor = await actorFromSession(session);
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in required');
  return actor;
}

function one(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}
