import { config } from '../config';
import type { Certificate, Route } from '../db';
import { appHostname } from '../model/app-url';
import { renewalAt } from './certificate-schedule';

/**
 * The DTO of one domain for the API, the UI and a CLI: the DNS record to create, the
 * certificate's source and status, expiry and the last error. Never the key.
 */
export type DnsRecord = { type: 'CNAME' | 'A'; name: string; value: string; note: string };

export type DomainStatus = 'pending_dns' | 'issued' | 'failed' | 'no_certificate';

export type DomainView = {
  hostname: string;
  kind: 'default' | 'custom';
  /** https:// URL when a certificate serves it, else the http:// one. */
  url: string;
  httpUrl: string;
  httpsUrl: string | null;
  dns: DnsRecord | null;
  certificate: {
    source: 'acme' | 'uploaded' | 'wildcard' | null;
    status: DomainStatus;
    names: string[];
    issuer: string | null;
    notBefore: string | null;
    notAfter: string | null;
    /** ACME: when the worker renews it (30 days before expiry) or retries after a failure. */
    nextAttemptAt: string | null;
    lastError: string | null;
  };
};

export type DomainSettings = { httpsRedirect: boolean; hsts: boolean; tlsPort: number };

const withPort = (scheme: 'http' | 'https', host: string, port: number) =>
  `${scheme}://${host}${(scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? '' : `:${port}`}`;

/** The record a user creates so `hostname` reaches Berth's edge: a CNAME to the app's own name. */
export function dnsRecordFor(hostname: string, appName: string): DnsRecord {
  const c = config();
  const target = appHostname(appName);
  if (c.BERTH_APPS_DOMAIN === 'localhost' || c.BERTH_APPS_DOMAIN.endsWith('.localhost')) {
    return {
      type: 'A',
      name: hostname,
      value: "this server's public IP address",
      note: `Point ${hostname} at this Berth server (an A/AAAA record to its public address).`,
    };
  }
  return {
    type: 'CNAME',
    name: hostname,
    value: target,
    note: `Create a CNAME record ${hostname} → ${target}. For an apex domain (no CNAME allowed) use an A/AAAA record to the address ${target} resolves to.`,
  };
}

type CertRow = Pick<Certificate, 'source' | 'status' | 'names' | 'issuer' | 'notBefore' | 'notAfter' | 'nextAttemptAt' | 'lastError' | 'certPem'>;

function statusOf(cert: CertRow | null): DomainStatus {
  if (!cert) return 'no_certificate';
  if (cert.status === 'ISSUED') return 'issued';
  if (cert.status === 'FAILED') return 'failed';
  return 'pending_dns';
}

export function domainView(opts: {
  route: Pick<Route, 'hostname' | 'kind'>;
  appName: string;
  cert: CertRow | null;
  /** The wildcard certificate, for the default route (custom domains have their own). */
  wildcard?: CertRow | null;
}): DomainView {
  const c = config();
  const custom = opts.route.kind === 'CUSTOM';
  const cert = custom ? opts.cert : (opts.wildcard ?? null);
  const serving = cert !== null && cert.certPem !== null && c.BERTH_PROXY_TLS_PORT !== 0;
  const httpUrl = withPort('http', opts.route.hostname, c.BERTH_PROXY_PORT);
  const httpsUrl = serving ? withPort('https', opts.route.hostname, c.BERTH_PROXY_TLS_PORT) : null;
  const next =
    cert?.source === 'ACME'
      ? (cert.nextAttemptAt ?? (cert.notAfter ? renewalAt(cert.notAfter) : null))
      : null;
  return {
    hostname: opts.route.hostname,
    kind: custom ? 'custom' : 'default',
    url: httpsUrl ?? httpUrl,
    httpUrl,
    httpsUrl,
    dns: custom ? dnsRecordFor(opts.route.hostname, opts.appName) : null,
    certificate: {
      source: cert ? (cert.source.toLowerCase() as 'acme' | 'uploaded' | 'wildcard') : null,
      status: statusOf(cert),
      names: cert?.names ?? [],
      issuer: cert?.issuer ?? null,
      notBefore: cert?.notBefore?.toISOString() ?? null,
      notAfter: cert?.notAfter?.toISOString() ?? null,
      nextAttemptAt: next?.toISOString() ?? null,
      lastError: cert?.lastError ?? null,
    },
  };
}
