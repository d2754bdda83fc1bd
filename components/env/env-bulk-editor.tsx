'use client';
import { useState } from 'react';
import { Alert, Button, Field, Textarea } from '@/components/ui';
import { useApi } from '@/components/ui/use-api';
import { apiFetch, describeApiError } from '@/lib/http/api-client';
import { parseDotenv } from '@/lib/env/parse-dotenv';

type EnvRow = { key: string; value: string };

/**
 * Bulk editor: the app's env as `.env` text (or a pasted `.env` file). Saving sends one
 * `PUT /env {vars, unset}`: lines present are set, variables whose line was deleted are unset,
 * and the whole change becomes one release.
 */
export function EnvBulkEditor({ app }: { app: string }) {
  const { call, busy, error, notice } = useApi();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [current, setCurrent] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const base = `/api/apps/${encodeURIComponent(app)}/env`;

  async function start() {
    setProblem(null);
    try {
      const json = await apiFetch<{ env: EnvRow[] }>(`${base}?reveal=1`);
      setCurrent(json.env.map((v) => v.key));
      setText(json.env.map((v) => `${v.key}=${quote(v.value)}`).join('\n') + (json.env.length ? '\n' : ''));
      setOpen(true);
    } catch (e) {
      setProblem(describeApiError(e));
    }
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const { vars, errors } = parseDotenv(text);
    if (errors.length) return setProblem(errors.join('; '));
    setProblem(null);
    const unset = current.filter((k) => !(k in vars));
    const ok = await call('bulk', 'PUT', base, { vars, unset }, 'Saved — deploying one new release');
    if (ok) setOpen(false);
  }

  if (!open)
    return (
      <div className="space-y-2">
        {problem && <Alert tone="error">{problem}</Alert>}
        {notice && <Alert tone="success">{notice}</Alert>}
        <Button variant="secondary" onClick={() => void start()}>
          Bulk edit / paste .env
        </Button>
      </div>
    );
  return (
    <form onSubmit={save} className="space-y-3">
      {(problem || error) && <Alert tone="error">{problem ?? error}</Alert>}
      <Field id="env-bulk" label="Variables (.env format: KEY=value per line; deleted lines are removed)">
        <Textarea
          id="env-bulk"
          rows={Math.min(20, Math.max(6, text.split('\n').length + 1))}
          className="font-mono"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={busy !== null}>
          {busy === 'bulk' ? 'Saving…' : 'Save all and deploy'}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** A value as a .env line reads it back: quoted when it has spaces, quotes, # or newlines. */
function quote(value: string): string {
  if (/^[^\s"'#\\]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}
