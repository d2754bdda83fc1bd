/**
 * The HTTPS half of the generated nginx.conf (pure, unit-tested with render-config). One TLS
 * `server` per hostname that has a certificate, picked by SNI; a default TLS server that refuses
 * the handshake for any other name; the ACME HTTP-01 location on the plain-HTTP servers; and per
 * app an optional HTTP → HTTPS redirect and HSTS header.
 */
import type { EdgeTls, EdgeUi } from '../tls/edge-tls';

export type { EdgeTls, EdgeUi };

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

const UPSTREAM = /^[0-9a-zA-Z.-]+:\d{1,5}$/;
const HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Berth's own UI, API and git on its public hostname: over HTTPS once its certificate is there
 * (plain HTTP then redirects, except ACME challenges), plain HTTP before. Streaming-friendly:
 * no buffering (SSE, git progress), no body limit (git pushes), long timeouts (a push waits for
 * its deploy).
 */
export function renderUi(ui: EdgeUi | undefined, tls: EdgeTls | undefined, port: number): string {
  if (!ui || !HOST.test(ui.hostname) || !UPSTREAM.test(ui.upstream)) return '';
  const pair = certFor(tls, ui.hostname);
  const proxy = `    client_max_body_size 0;
    proxy_buffering off;
    proxy_request_buffering off;
    proxy_read_timeout 900s;
    proxy_send_timeout 900s;
    location / { proxy_pass http://berth_ui; }
`;
  return `
  upstream berth_ui {
    server ${ui.upstream};
    keepalive 16;
  }
  server {
    listen ${port};
    server_name ${ui.hostname};
    set $berth_app '';
${renderAcmeLocation(tls)}${pair ? renderRedirect(tls!) : proxy}  }
${
  pair
    ? `  server {
    listen ${tls!.port} ssl;
    server_name ${ui.hostname};
    ssl_certificate ${pair.cert};
    ssl_certificate_key ${pair.key};
    set $berth_app '';
${proxy}  }
`
    : ''
}`;
}
