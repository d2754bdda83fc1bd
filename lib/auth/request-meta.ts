/** Client IP and user agent of a request, for rate limiting and the sessions list. */
export function clientIp(request: Request): string {
  // Behind nginx or `next start`, the client is the first x-forwarded-for entry.
  const forwarded = request.headers.get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  return first || request.headers.get('x-real-ip') || 'unknown';
}

export function userAgent(request: Request): string | null {
  return request.headers.get('user-agent');
}
