'use client';
import { useState } from 'react';
import { Alert, Button, Field, Input, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { useApi } from '@/components/releases/use-api';
import { apiFetch } from '@/lib/http/api-client';

export type EnvRow = { key: string; value: string; masked: boolean };

/**
 * Env vars: values masked until "Reveal" (fetched on demand, never in the page's HTML).
 * Saving or removing one deploys a new release with the change.
 */
export function EnvEditor({ app, vars }: { app: string; vars: EnvRow[] }) {
  const { call, busy, error, notice } = useApi();
  const [revealed, setRevealed] = useState<Record<string, string> | null>(null);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const base = `/api/apps/${encodeURIComponent(app)}/env`;

  async function reveal() {
    if (revealed) return setRevealed(null);
    const json = await apiFetch<{ env: EnvRow[] }>(`${base}?reveal=1`).catch(() => null);
    if (!json) return;
    setRevealed(Object.fromEntries(json.env.map((v) => [v.key, v.value])));
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const ok = await call('save', 'PUT', base, { key: key.trim(), value }, `Saved ${key.trim()} — deploying a new release`);
    if (ok) {
      setKey('');
      setValue('');
      setRevealed(null);
    }
  }

  return (
    <div className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      {vars.length === 0 ? (
        <p className="text-sm text-slate-500">No env vars yet. Your app always gets PORT, BERTH_APP and BERTH_RELEASE.</p>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Key</TH>
              <TH>
                Value{' '}
                <button type="button" className="ml-2 text-xs font-normal text-indigo-700 hover:underline" onClick={() => void reveal()}>
                  {revealed ? 'Hide' : 'Reveal'}
                </button>
              </TH>
              <TH />
            </TR>
          </THead>
          <TBody>
            {vars.map((v) => (
              <TR key={v.key} data-testid={`env-${v.key}`}>
                <TD>
                  <code className="text-sm">{v.key}</code>
                </TD>
                <TD>
                  <code className="break-all text-sm">{revealed?.[v.key] ?? v.value}</code>
                </TD>
                <TD className="space-x-2 text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      setKey(v.key);
                      setValue(revealed?.[v.key] ?? '');
                    }}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={busy !== null}
                    onClick={() => {
                      if (confirm(`Remove ${v.key}? A new release without it is deployed.`))
                        void call(`rm${v.key}`, 'DELETE', `${base}/${encodeURIComponent(v.key)}`, undefined, `Removed ${v.key}`);
                    }}
                  >
                    Remove
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <form onSubmit={save} className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
        <Field id="env-key" label="Key">
          <Input id="env-key" value={key} onChange={(e) => setKey(e.target.value.toUpperCase())} placeholder="DATABASE_URL" pattern="[A-Z_][A-Z0-9_]*" required />
        </Field>
        <Field id="env-value" label="Value">
          <Input id="env-value" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" />
        </Field>
        <Button type="submit" disabled={busy !== null || !key}>
          {busy === 'save' ? 'Saving…' : 'Save and deploy'}
        </Button>
      </form>
    </div>
  );
}
