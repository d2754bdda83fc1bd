import { NextResponse, type NextRequest } from 'next/server';

// Next 16 "proxy" (formerly middleware). It only checks that a page request carries a session
// cookie — cheap, no database. Whether the cookie is still valid is decided by the dashboard
// layout (getActor), and whether Berth still needs its first admin by the sign-in page.
// API routes, git, Next assets and static files are never touched here: API handlers answer
// 401 JSON themselves (requireActor), git uses HTTP Basic auth with a token.
const SESSION_COOKIE = 'berth_session'; // = lib/auth/cookie.ts (kept import-free for the proxy bundle)
const PUBLIC_PAGES = ['/sign-in', '/setup'];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  if (request.cookies.get(SESSION_COOKIE)?.value) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search = pathname === '/' || pathname === '/apps' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Everything except /api, /git, Next internals and files with an extension (favicon.ico, …).
  matcher: ['/((?!api/|api$|git/|_next/|.*\\.[A-Za-z0-9]+$).*)'],
};
