/**
 * The HTTPS half of the generated nginx.conf (pure, unit-tested with render-config). One TLS
 * `server` per hostname that has a certificate, picked by SNI; a default TLS server that refuses
 * the handshake for any other name; the ACME HTTP-01 location on the plain-HTTP servers; and per
 * app an optional HTTP → HTTPS redirect and HSTS header.
 */
import type { EdgeTls } from '../tls/edge-tls';

export type { EdgeTls };

const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;
export const HSTS_MAX_AGE = 31_536_000;

/** ssl_* defaults and the default TLS server, inside `http { }`. */
export function renderTlsHttp(tls: EdgeTls): string {
  return `
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_prefer_server_ciphers off;
  ssl_session_cache shared:berth_tls:10m;
  ssl_session_timeout 1d;
  ssl_session_tickets off;

  # HTTPS for a name without a certificate here: refuse the handshake (no wrong certificate shown).
  server {
    listen ${tls.port} ssl default_server;
    server_name _;
    ssl_reject_handshake on;
  }
`;
}

/** Served on every plain-HTTP server, before any redirect: the CA must reach it over HTTP. */
export function renderAcmeLocation(tls: EdgeTls | undefined): string {
  if (!tls || !SAFE_PATH.test(tls.challengeDir)) return '';
  return `    location ^~ /.well-known/acme-challenge/ {
      alias ${tls.challengeDir}/;
      default_type text/plain;
    }
`;
}

/** Files for `hostname`, only when both paths are safe to put in the config. */
export function certFor(tls: EdgeTls | undefined, hostname: string): { cert: string; key: string } | null {
  const pair = tls?.servers[hostname];
  if (!pair || !SAFE_PATH.test(pair.cert) || !SAFE_PATH.test(pair.key)) return null;
  return pair;
}

/** `return 308 https://…` keeping host and URI; the port only when it is not 443. */
export function renderRedirect(tls: EdgeTls): string {
  const port = tls.port === 443 ? '' : `:${tls.port}`;
  return `    location / { return 308 https://$host${port}$request_uri; }\n`;
}

/** The TLS server of one hostname; `body` is the same location block as its HTTP server. */
export function renderTlsServer(opts: { tls: EdgeTls; hostname: string; app: string; hsts: boolean; body: string }): string {
  const pair = certFor(opts.tls, opts.hostname)!;
  return `  server {
    listen ${opts.tls.port} ssl;
    server_name ${opts.hostname};
    ssl_certificate ${pair.cert};
    ssl_certificate_key ${pair.key};
    set $berth_app '${opts.app}';
${opts.hsts ? `    add_header Strict-Transport-Security "max-age=${HSTS_MAX_AGE}" always;\n` : ''}${opts.body}  }
`;
}
