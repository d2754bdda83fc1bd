'use client';
import { useState } from 'react';
import { OperationNotice } from '@/components/apps/operation-notice';
import { useOperation } from '@/components/apps/use-operation';
import { Alert, Badge, Button, Field, Input, Table, TBody, TD, TH, THead, TR, type BadgeTone } from '@/components/ui';
import type { EnvState } from '@/lib/env/env-states';
import { apiFetch } from '@/lib/http/api-client';

/** `removed`: the live release still has it, the stored config no longer does. */
export type EnvRow = { key: string; value: string; masked: boolean; state: EnvState; removed?: boolean };

const STATE: Record<EnvState, { tone: BadgeTone; label: string; title: string }> = {
  live: { tone: 'green', label: 'live', title: 'The running release has this value' },
  pending: { tone: 'blue', label: 'deploying', title: 'A release with this value is deploying' },
  failed: { tone: 'red', label: 'not applied', title: 'The release with this value failed; the running release does not have it' },
  'not-deployed': { tone: 'yellow', label: 'not deployed', title: 'Stored, but no release carries this value yet' },
};

/** What a PUT/DELETE on env answers: the release that carries the change, if any. */
const changeTexts = (what: string) => (json: Record<string, unknown>) =>
  json.version
    ? { running: `${what} — deploying v${String(json.version)}…`, done: `${what} — v${String(json.version)} is live`, failed: `${what}, but v${String(json.version)} failed` }
    : { running: '', done: `${what} — applied with the first release`, failed: '' };

/**
 * Env vars: values masked until "Reveal" (fetched on demand, never in the page's HTML).
 * Saving or removing one deploys a new release with the change.
 */
export function EnvEditor({ app, vars }: { app: string; vars: EnvRow[] }) {
  const { run, busy, error, notice } = useOperation();
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
    const ok = await run('save', 'PUT', base, { key: key.trim(), value }, changeTexts(`Saved ${key.trim()}`));
    if (ok) {
      setKey('');
      setValue('');
      setRevealed(null);
    }
  }

  return (
    <div className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <OperationNotice notice={notice} />
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
              <TR key={v.key} data-testid={`env-${v.key}`} data-state={v.state}>
                <TD>
                  <code className={`text-sm ${v.removed ? 'line-through' : ''}`}>{v.key}</code>
                  <Badge tone={STATE[v.state].tone} className="ml-2" title={STATE[v.state].title} data-testid="env-state">
                    {v.removed ? `removal ${STATE[v.state].label}` : STATE[v.state].label}
                  </Badge>
                </TD>
                <TD>
                  <code className="break-all text-sm">{v.removed ? '' : (revealed?.[v.key] ?? v.value)}</code>
                </TD>
                <TD className="space-x-2 text-right">
                  {!v.removed && (
                    <>
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
                        void run(`rm${v.key}`, 'DELETE', `${base}/${encodeURIComponent(v.key)}`, undefined, changeTexts(`Removed ${v.key}`));
                    }}
                  >
                    Remove
                  </Button>
                    </>
                  )}
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
