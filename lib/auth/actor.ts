import { AppError, forbidden } from '../errors';
import { db } from '../db';
import type { Actor } from '../model/actor';
import { readCookie, SESSION_COOKIE } from './cookie';
import { requireSameOrigin, requireSameOriginAction } from './same-origin';
import { actorFromSession } from './session';
import { bearerToken, looksLikeApiToken, sha256Hex } from './tokens';

export type { Actor };

/**
 * Who is acting: `Authorization: Bearer berth_…` wins, else the `berth_session` cookie.
 * With a request (route handlers) both are read from it; without one (server components,
 * server actions) from next/headers. A state-changing request authenticated by the cookie must
 * come from Berth's own origin as JSON (lib/auth/same-origin.ts: CSRF), else FORBIDDEN / 415.
 */
export async function getActor(request?: Request): Promise<Actor | null> {
  let authorization: string | null;
  let sessionValue: string | null;
  if (request) {
    authorization = request.headers.get('authorization');
    sessionValue = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  } else {
    // Loaded lazily: lib/ is also used by the worker and tests, where next/headers has no request.
    const { cookies, headers } = await import('next/headers');
    const requestHeaders = await headers();
    authorization = requestHeaders.get('authorization');
    sessionValue = (await cookies()).get(SESSION_COOKIE)?.value ?? null;
    if (sessionValue && !bearerToken(authorization)) requireSameOriginAction(requestHeaders);
  }
  const token = bearerToken(authorization);
  if (token) return actorFromToken(token); // a bad token is a 401 even if a cookie is present
  if (!sessionValue) return null;
  if (request) requireSameOrigin(request);
  return actorFromSession(sessionValue);
}

/** Like getActor but throws UNAUTHENTICATED (401) when nobody is signed in. */
export async function requireActor(request?: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in required');
  return actor;
}

/** Throws FORBIDDEN (with `message`) unless the actor is an admin. */
export function requireAdmin(actor: Actor, message = 'Only admins can do that'): Actor {
  if (actor.role !== 'ADMIN') throw forbidden(message);
  return actor;
}

const TOUCH_EVERY_MS = 60 * 1000;

/**
 * Resolves a personal API token (`berth_…`), e.g. the password of git's HTTP Basic auth. Revoked,
 * expired tokens and tokens of disabled users resolve to nobody.
 */
export async function actorFromToken(token: string): Promise<Actor | null> {
  if (!looksLikeApiToken(token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { user: true } });
  const now = new Date();
  if (!row || row.revokedAt || row.user.disabledAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { id: row.user.id, email: row.user.email, role: row.user.role };
}
