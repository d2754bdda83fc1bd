import { config } from '../config';
import { secureCookies, SESSION_COOKIE, sessionCookieOptions, type CookieOptions } from './cookie';
import type { NewSession } from './session';

/** The Set-Cookie parts for a new session, with Secure decided by the configuration. */
export function sessionCookie(session: NewSession): { name: string; value: string; options: CookieOptions } {
  const { BERTH_SECURE_COOKIES, BERTH_PUBLIC_URL } = config();
  return {
    name: SESSION_COOKIE,
    value: session.value,
    options: sessionCookieOptions(session.expiresAt, secureCookies(BERTH_SECURE_COOKIES, BERTH_PUBLIC_URL)),
  };
}

/** Attributes that make the browser drop the cookie at sign-out. */
export function clearedSessionCookie(): { name: string; value: string; options: CookieOptions } {
  return sessionCookie({ value: '', expiresAt: new Date(0) });
}
