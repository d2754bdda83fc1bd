/** Client IP and user agent of a request, for rate limiting and the sessions list. */
export function clientIp(request: Request): string {
  // `next start` fills x-forwarded-for with the socket address when the request has none; a
  // reverse proxy (nginx `proxy_add_x_forwarded_for`) appends the address it saw, so the LAST
  // entry is the one a client cannot choose. (Exposed directly, a client can still send its own
  // header; the per-account limit holds regardless.)
  const forwarded = request.headers.get('x-forwarded-for');
  const last = forwarded?.split(',').pop()?.trim();
  return last || request.headers.get('x-real-ip') || 'unknown';
}

export function userAgent(request: Request): string | null {
  return request.headers.get('user-agent');
}
