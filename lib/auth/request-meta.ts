import { config } from '../config';
import { parseTrustedProxies, resolveClientAddress, stampedPeer, warnUnstamped } from '../net/client-address';

/**
 * The client's IP address, for sign-in throttling and the sessions list: the TCP peer of the
 * request, or — when that peer is one of BERTH_TRUSTED_PROXIES — the address those proxies put in
 * X-Forwarded-For (see lib/net/client-address.ts). Null when it cannot be known.
 */
export function clientIp(request: Request): string | null {
  const peer = stampedPeer(request.headers);
  if (!peer) warnUnstamped();
  return resolveClientAddress({ peer, forwardedFor: request.headers.get('x-forwarded-for'), trusted: trustedProxies() });
}

let trusted: { value: string; list: ReturnType<typeof parseTrustedProxies> } | undefined;
function trustedProxies() {
  const value = config().BERTH_TRUSTED_PROXIES;
  if (trusted?.value !== value) trusted = { value, list: parseTrustedProxies(value) };
  return trusted.list;
}

export function userAgent(request: Request): string | null {
  return request.headers.get('user-agent');
}
