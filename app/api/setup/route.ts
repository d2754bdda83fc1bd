import { NextResponse } from 'next/server';
import { clientIp, userAgent } from '@/lib/auth/request-meta';
import { requireSameOrigin } from '@/lib/auth/same-origin';
import { createSession } from '@/lib/auth/session';
import { sessionCookie } from '@/lib/auth/session-cookie';
import { createFirstAdmin, hasAnyUser, ZSetup } from '@/lib/auth/setup-admin';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** Whether the first admin still has to be created (public: the sign-in page asks it). */
export const GET = handle(async () => NextResponse.json({ needsSetup: !(await hasAnyUser()) }));

/** Creates the first admin and signs them in; 403 without the setup code, 409 once any user exists. */
export const POST = handle(async (request: Request) => {
  requireSameOrigin(request); // a browser may only post this from Berth's own setup page
  const input = await parseBody(request, ZSetup);
  const user = await createFirstAdmin(input);
  const session = await createSession(user.id, { ip: clientIp(request), userAgent: userAgent(request) });
  const response = NextResponse.json({ user }, { status: 201 });
  const cookie = sessionCookie(session);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});
