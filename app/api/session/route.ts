import { NextResponse } from 'next/server';
import { readCookie, SESSION_COOKIE } from '@/lib/auth/cookie';
import { clientIp, userAgent } from '@/lib/auth/request-meta';
import { requireSameOrigin } from '@/lib/auth/same-origin';
import { deleteSession } from '@/lib/auth/session';
import { clearedSessionCookie, sessionCookie } from '@/lib/auth/session-cookie';
import { signIn, ZSignIn } from '@/lib/auth/sign-in';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/**
 * Sign in: 200 + a fresh session cookie; wrong credentials → 401, too many failures → 429.
 * Cross-origin browser posts are refused (no login CSRF into someone else's account).
 */
export const POST = handle(async (request: Request) => {
  requireSameOrigin(request);
  const input = await parseBody(request, ZSignIn);
  const { actor, session } = await signIn({ ...input, ip: clientIp(request), userAgent: userAgent(request) });
  // Rotation: whatever session this browser had before is ended, never reused.
  const previous = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (previous) await deleteSession(previous);
  const response = NextResponse.json({ user: actor });
  const cookie = sessionCookie(session);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});

/** Sign out: ends the server-side session and clears the cookie. */
export const DELETE = handle(async (request: Request) => {
  requireSameOrigin(request);
  const value = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (value) await deleteSession(value);
  const response = new NextResponse(null, { status: 204 });
  const cookie = clearedSessionCookie();
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});
