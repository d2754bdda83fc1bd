'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, CardBody, CardHeader, EmptyState, Field, Input, Select, Table, TBody, TD, TH, THead, TR, useHydrated } from '@/components/ui';
import { apiFetch, describeApiError } from '@/lib/http/api-client';
import { formatDate } from './format-date';

type TokenRow = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; expiresAt: string | null; expired: boolean };

const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

/** Personal API tokens: create (shown once, optionally expiring), list with last use, revoke. */
export function TokensPanel({ tokens }: { tokens: TokenRow[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const name = String(form.get('name') ?? '');
    const expires = String(form.get('expires') ?? 'never');
    setPending(true);
    setError(null);
    try {
      const res = await apiFetch<{ token: { token: string } }>('/api/tokens', {
        method: 'POST',
        body: { name, expiresInDays: expires === 'never' ? null : Number(expires) },
      });
      setCreated(res.token.token);
      setCopied(false);
      formEl.reset();
      router.refresh();
    } catch (e) {
      setError(describeApiError(e));
    }
    setPending(false);
  }

  async function revoke(id: string, name: string) {
    if (!window.confirm(`Revoke the token "${name}"? Anything using it stops working.`)) return;
    setError(null);
    try {
      await apiFetch('/api/tokens/' + encodeURIComponent(id), { method: 'DELETE' });
      router.refresh();
    } catch (e) {
      setError(describeApiError(e));
    }
  }

  return (
    <Card>
      <CardHeader
        title="API tokens"
        description="Use a token as the password for git push, or as Authorization: Bearer <token> for the API."
      />
      <CardBody className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        {created && (
          <Alert tone="success">
            <p className="font-medium">Copy your new token now — it will not be shown again.</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code data-testid="new-token" className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-green-200">
                {created}
              </code>
              <Button
                size="sm"
                variant="secondary"
                onClick={() => navigator.clipboard?.writeText(created).then(() => setCopied(true), () => undefined)}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
          </Alert>
        )}
        <form onSubmit={create} method="post" className="flex flex-wrap items-end gap-3">
          <Field id="token-name" label="Token name" className="min-w-56 flex-1">
            <Input id="token-name" name="name" required maxLength={100} placeholder="e.g. laptop git" />
          </Field>
          <Field id="token-expires" label="Expires" className="w-36">
            <Select id="token-expires" name="expires" defaultValue="90">
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" loading={pending} disabled={!hydrated}>
            Create token
          </Button>
        </form>
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens" description="Create one to push code with git or to script the API." />
        ) : (
          <Table aria-label="API tokens">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Token</TH>
                <TH>Created</TH>
                <TH>Last used</TH>
                <TH>Expires</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {tokens.map((t) => (
                <TR key={t.id}>
                  <TD className="font-medium text-slate-900">{t.name}</TD>
                  <TD className="font-mono text-xs">{t.prefix}…</TD>
                  <TD>{formatDate(t.createdAt)}</TD>
                  <TD>{formatDate(t.lastUsedAt)}</TD>
                  <TD>
                    {t.expired ? (
                      <Badge tone="red">Expired</Badge>
                    ) : t.expiresAt ? (
                      formatDate(t.expiresAt)
                    ) : (
                      'never'
                    )}
                  </TD>
                  <TD className="text-right">
                    <Button size="sm" variant="ghost" onClick={() => revoke(t.id, t.name)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
