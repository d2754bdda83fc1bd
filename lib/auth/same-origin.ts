import { AppError } from '../errors';
import { config } from '../config';

/**
 * CSRF defence for requests a browser sends with Berth's session cookie.
 *
 * SameSite=Lax does not help against a sibling subdomain: with Berth at berth.example.com and apps
 * at *.apps.example.com, every app page is "same site" and the browser attaches the cookie to its
 * requests. So a state-changing cookie request must prove it came from Berth's own pages:
 *
 *  - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin`;
 *  - `Origin`, when present, must be BERTH_PUBLIC_URL's origin or the request's own Host;
 *  - a request with a body must be `Content-Type: application/json` (a cross-origin page can
 *    only send that after a CORS preflight, which Berth never grants), and a body-less one must
 *    carry Origin or Sec-Fetch-Site (every current browser sends them on such requests) unless
 *    it is application/json too.
 *
 * Safe methods (GET, HEAD, OPTIONS) change nothing and pass. Bearer-token requests never reach
 * this check: a token is not sent by the browser on its own.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function checkSameOrigin(request: Request, publicUrl: string): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const headers = request.headers;
  checkOriginHeaders(headers, publicUrl);
  if (isJson(headers.get('content-type'))) return;
  if (!hasBody(headers) && (headers.has('origin') || headers.has('sec-fetch-site'))) return;
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Requests signed in with the session cookie must send Content-Type: application/json');
}

/** The Origin / Sec-Fetch-Site half alone (server actions post forms, so no JSON rule for them). */
export function checkOriginHeaders(headers: Headers, publicUrl: string): void {
  const fetchSite = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  if (fetchSite !== null && fetchSite !== 'same-origin') throw crossOrigin();
  if (origin !== null && !originAllowed(origin, publicUrl, headers.get('host'))) throw crossOrigin();
}

/** checkSameOrigin against the configured BERTH_PUBLIC_URL. */
export function requireSameOrigin(request: Request): void {
  checkSameOrigin(request, config().BERTH_PUBLIC_URL);
}

/**
 * For code without a Request (server components and server actions, via next/headers): a server
 * action (`Next-Action` header) must pass the origin half too. Next checks Origin against Host
 * for server actions itself; this keeps BERTH_PUBLIC_URL and Sec-Fetch-Site in the picture.
 */
export function requireSameOriginAction(headers: Headers): void {
  if (headers.has('next-action')) checkOriginHeaders(headers, config().BERTH_PUBLIC_URL);
}

function crossOrigin(): AppError {
  return new AppError('FORBIDDEN', 'Cross-origin request refused: it must come from Berth itself');
}

function originAllowed(origin: string, publicUrl: string, host: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin); // "null" (sandboxed frames, file://) does not parse: refused
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.origin === new URL(publicUrl).origin) return true;
  if (!host) return false;
  try {
    // The Host the browser sent is the site the page runs on; compared with Origin's scheme so
    // default ports line up (Host "example.com:443" = Origin "https://example.com").
    return new URL(`${parsed.protocol}//${host}`).host === parsed.host;
  } catch {
    return false;
  }
}

function isJson(contentType: string | null): boolean {
  if (!contentType) return false;
  return contentType.split(';')[0].trim().toLowerCase() === 'application/json';
}

function hasBody(headers: Headers): boolean {
  if (headers.get('transfer-encoding')) return true;
  const length = headers.get('content-length');
  return length !== null && length.trim() !== '0';
}
