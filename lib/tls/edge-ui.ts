import { config } from '../config';
import type { EdgeUi } from './edge-tls';

/**
 * Berth's own hostname at the edge, when configured: BERTH_EDGE_UI_UPSTREAM (the web process) set,
 * BERTH_PUBLIC_URL https:// with a DNS name (not an IP address or localhost) and HTTPS on.
 */
export function edgeUi(): EdgeUi | null {
  const c = config();
  if (!c.BERTH_EDGE_UI_UPSTREAM || c.BERTH_PROXY_TLS_PORT === 0) return null;
  const url = new URL(c.BERTH_PUBLIC_URL);
  const hostname = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' || !hostname.includes('.') || /^[\d.]+$/.test(hostname) || hostname.includes(':') || hostname.endsWith('localhost')) return null;
  return { hostname, upstream: c.BERTH_EDGE_UI_UPSTREAM };
}
