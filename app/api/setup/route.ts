import { NextResponse } from 'next/server';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { clientIp, userAgent } from '@/lib/auth/request-meta';
import { requireSameOrigin } from '@/lib/auth/same-origin';
import { createSession } from '@/lib/auth/session';
import { sessionCookie } from '@/lib/auth/session-cookie';
import { createFirstAdmin, hasAnyUser } from '@/lib/auth/setup-admin';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

const ZSetup = z.object({
  email: z.email('must be an email address').max(254),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  /** The one-time code from `$BERTH_DATA_DIR/setup-code` (printed by `npm run up`). */
  setupCode: z.string().trim().max(64).default(''),
});

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
