'use client';
import { useState } from 'react';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Field, Input, Table, TBody, TD, TH, THead, TR, Textarea, type BadgeTone } from '@/components/ui';
import { useApi } from '@/components/ui/use-api';
import type { DomainSettings, DomainStatus, DomainView } from '@/lib/domains/domain-view';

/**
 * Domains tab: every name the app answers to, the DNS record to create, where the certificate
 * comes from, its status and expiry, Renew (ACME) and Remove; adding a domain with ACME or an
 * uploaded certificate; the app's HTTPS options (redirect, HSTS). Talks to /api/apps/<name>/domains.
 */
const STATUS: Record<DomainStatus, { label: string; tone: BadgeTone }> = {
  pending_dns: { label: 'Pending DNS', tone: 'yellow' },
  issued: { label: 'Certificate issued', tone: 'green' },
  failed: { label: 'Certificate failed', tone: 'red' },
  no_certificate: { label: 'HTTP only', tone: 'gray' },
};
const SOURCE = { acme: 'ACME', uploaded: 'Uploaded', wildcard: 'Wildcard (apps domain)' } as const;

const day = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 10) : '—');

export function DomainsPanel({ app, domains, settings }: { app: string; domains: DomainView[]; settings: DomainSettings }) {
  const { call, busy, error, notice } = useApi();
  const base = `/api/apps/${encodeURIComponent(app)}/domains`;
  const [hostname, setHostname] = useState('');
  const [mode, setMode] = useState<'acme' | 'upload'>('acme');
  const [certificate, setCertificate] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [added, setAdded] = useState<DomainView | null>(null);

  async function add(e: React.FormEvent) {
    e.preventDefault();
    const body = mode === 'upload' ? { hostname, certificate, privateKey } : { hostname };
    const res = (await call('add', 'POST', base, body, `Added ${hostname.trim().toLowerCase()}`)) as { domain: DomainView } | null;
    if (res) {
      setAdded(res.domain);
      setHostname('');
      setCertificate('');
      setPrivateKey('');
    }
  }

  return (
    <div className="space-y-6">
      {error && (
        <div data-testid="domains-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
      {notice && <Alert tone="success">{notice}</Alert>}
      {added?.dns && (
        <div data-testid="dns-instruction">
          <Alert tone="info">
            <strong>DNS:</strong> {added.dns.note}
          </Alert>
        </div>
      )}
      <Card>
        <CardHeader
          title="Domains"
          description={
            settings.tlsPort
              ? `HTTPS on port ${settings.tlsPort}; the certificate is picked by name (SNI).`
              : 'HTTPS is off on this Berth (BERTH_PROXY_TLS_PORT=0).'
          }
        />
        <CardBody className="overflow-x-auto">
          <Table>
            <THead>
              <TR>
                <TH>Domain</TH>
                <TH>DNS record</TH>
                <TH>Certificate</TH>
                <TH>Expires</TH>
                <TH />
              </TR>
            </THead>
            <TBody>
              {domains.map((d) => (
                <TR key={d.hostname} data-testid={`domain-${d.hostname}`}>
                  <TD>
                    <a href={d.url} target="_blank" rel="noreferrer noopener" className="font-medium text-indigo-700 hover:underline">
                      {d.hostname}
                    </a>
                    {d.kind === 'default' && <span className="ml-2 text-xs text-slate-500">default</span>}
                  </TD>
                  <TD className="text-xs">
                    {d.dns ? (
                      <span title={d.dns.note}>
                        <code>{d.dns.type}</code> {d.dns.name} → <code>{d.dns.value}</code>
                      </span>
                    ) : (
                      <span className="text-slate-500">apps domain</span>
                    )}
                  </TD>
                  <TD>
                    <div className="flex flex-wrap items-center gap-2">
                      <Badge tone={STATUS[d.certificate.status].tone} data-testid="certificate-status">
                        {STATUS[d.certificate.status].label}
                      </Badge>
                      {d.certificate.source && <span className="text-xs text-slate-600" data-testid="certificate-source">{SOURCE[d.certificate.source]}</span>}
                    </div>
                    {d.certificate.issuer && <p className="mt-1 max-w-xs truncate text-xs text-slate-500" title={d.certificate.issuer}>{d.certificate.issuer}</p>}
                    {d.certificate.lastError && (
                      <p className="mt-1 max-w-sm text-xs text-red-700" data-testid="certificate-error">
                        {d.certificate.lastError}
                      </p>
                    )}
                  </TD>
                  <TD className="whitespace-nowrap text-sm">
                    <span data-testid="certificate-expiry">{day(d.certificate.notAfter)}</span>
                    {d.certificate.source === 'acme' && d.certificate.nextAttemptAt && (
                      <p className="text-xs text-slate-500">next try {day(d.certificate.nextAttemptAt)}</p>
                    )}
                  </TD>
                  <TD className="space-x-2 whitespace-nowrap text-right">
                    {d.kind === 'custom' && d.certificate.source === 'acme' && (
                      <Button
                        size="sm"
                        variant="secondary"
                        loading={busy === `renew ${d.hostname}`}
                        disabled={busy !== null}
                        onClick={() => void call(`renew ${d.hostname}`, 'POST', `${base}/${encodeURIComponent(d.hostname)}/renew`, undefined, `Certificate for ${d.hostname} renewed`)}
                      >
                        Renew
                      </Button>
                    )}
                    {d.kind === 'custom' && (
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={busy !== null}
                        onClick={() => {
                          if (confirm(`Remove ${d.hostname}? Berth stops answering to it.`))
                            void call(`rm ${d.hostname}`, 'DELETE', `${base}/${encodeURIComponent(d.hostname)}`, undefined, `Removed ${d.hostname}`);
                        }}
                      >
                        Remove
                      </Button>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Add a domain" description="Create the DNS record shown after adding. Without an uploaded certificate Berth gets one from its ACME issuer once DNS points here." />
        <CardBody>
          <form onSubmit={add} className="space-y-4" data-testid="add-domain-form">
            <Field id="domain-hostname" label="Hostname">
              <Input id="domain-hostname" value={hostname} onChange={(e) => setHostname(e.target.value)} placeholder="shop.example.com" required autoComplete="off" />
            </Field>
            <fieldset className="flex flex-wrap gap-4 text-sm">
              <legend className="sr-only">Certificate</legend>
              <label className="flex items-center gap-2">
                <input type="radio" name="cert-mode" checked={mode === 'acme'} onChange={() => setMode('acme')} /> Certificate from ACME (automatic)
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="cert-mode" checked={mode === 'upload'} onChange={() => setMode('upload')} /> Upload a certificate
              </label>
            </fieldset>
            {mode === 'upload' && (
              <div className="grid gap-4 md:grid-cols-2">
                <Field id="domain-certificate" label="Certificate (PEM, then its chain)">
                  <Textarea id="domain-certificate" rows={8} className="font-mono text-xs" value={certificate} onChange={(e) => setCertificate(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" required />
                </Field>
                <Field id="domain-key" label="Private key (PEM, stored encrypted)">
                  <Textarea id="domain-key" rows={8} className="font-mono text-xs" value={privateKey} onChange={(e) => setPrivateKey(e.target.value)} placeholder="-----BEGIN PRIVATE KEY-----" required />
                </Field>
              </div>
            )}
            <Button type="submit" loading={busy === 'add'} disabled={busy !== null || !hostname.trim()}>
              Add domain
            </Button>
          </form>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="HTTPS options" description="Apply to the names of this app that have a certificate." />
        <CardBody className="space-y-3 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              data-testid="https-redirect"
              checked={settings.httpsRedirect}
              disabled={busy !== null}
              onChange={(e) => void call('redirect', 'PATCH', base, { httpsRedirect: e.target.checked }, 'Saved')}
            />
            Redirect HTTP to HTTPS (308)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              data-testid="hsts"
              checked={settings.hsts}
              disabled={busy !== null}
              onChange={(e) => void call('hsts', 'PATCH', base, { hsts: e.target.checked }, 'Saved')}
            />
            HSTS (Strict-Transport-Security, one year) — browsers then refuse plain HTTP for these names
          </label>
        </CardBody>
      </Card>
    </div>
  );
}
