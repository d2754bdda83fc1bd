import { NextResponse, type NextRequest } from 'next/server';

// Next 16 "proxy" (formerly middleware), for page requests only:
//  - a page request without a session cookie is sent to /sign-in (cheap, no database; whether the
//    cookie is still valid is decided by the dashboard layout, whether Berth still needs its first
//    admin by the sign-in page);
//  - every page gets a Content-Security-Policy with a fresh nonce. Next reads the nonce from the
//    request's CSP header and puts it on its own <script> tags; 'strict-dynamic' lets those load
//    the rest. No other script runs, inline or injected, and no other site may frame Berth.
// API routes, git, Next assets and static files are never touched here: API handlers answer
// 401 JSON themselves (requireActor), git uses HTTP Basic auth with a token; their headers
// (X-Frame-Options, nosniff, a deny-all CSP for /api) come from next.config.ts.
const SESSION_COOKIE = 'berth_session'; // = lib/auth/cookie.ts (kept import-free for the proxy bundle)
const PUBLIC_PAGES = ['/sign-in', '/setup'];

export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    `default-src 'self'`,
    // dev: React's debugging needs eval, and the HMR websocket
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // style attributes (charts, progress bars) are rendered inline by React
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-src 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (!isPublic && !request.cookies.get(SESSION_COOKIE)?.value) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = pathname === '/' || pathname === '/apps' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  if (process.env.BERTH_PUBLIC_URL?.startsWith('https://')) {
    response.headers.set('strict-transport-security', 'max-age=31536000');
  }
  return response;
}

export const config = {
  // Everything except /api, /git, the console's WebSockets, Next internals and files with an extension (favicon.ico, …).
  matcher: ['/((?!api/|api$|git/|console/ws/|_next/|.*\\.[A-Za-z0-9]+$).*)'],
};
