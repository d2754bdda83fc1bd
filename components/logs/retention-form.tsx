'use client';

import { useState } from 'react';
import { Button, Input } from '@/components/ui';
import { ApiError, apiFetch } from '@/lib/http/api-client';

/** Small inline editor for an app's log retention (size budget in MB and days). */
export function RetentionForm({ app, maxBytes, days }: { app: string; maxBytes: number; days: number }) {
  const [mb, setMb] = useState(String(Math.round(maxBytes / 1048576)));
  const [d, setD] = useState(String(days));
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({ busy: false, message: null, error: false });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setState({ busy: true, message: null, error: false });
    try {
      await apiFetch(`/api/apps/${encodeURIComponent(app)}/logs/retention`, {
        method: 'PUT',
        body: { maxBytes: Math.round(Number(mb) * 1048576), days: Number(d) },
      });
      setState({ busy: false, message: 'Saved', error: false });
    } catch (e) {
      const detail = e instanceof ApiError && e.code !== 'NETWORK' ? (Object.values(e.fields)[0] ?? e.message) : null;
      setState({ busy: false, message: detail ?? 'Could not save', error: true });
    }
  };
  return (
    <form onSubmit={save} className="flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400" data-testid="retention-form">
      <span>Keep logs up to</span>
      <Input aria-label="Log retention in MB" value={mb} onChange={(e) => setMb(e.target.value)} className="h-8 w-20" inputMode="numeric" />
      <span>MB and</span>
      <Input aria-label="Log retention in days" value={d} onChange={(e) => setD(e.target.value)} className="h-8 w-16" inputMode="numeric" />
      <span>days</span>
      <Button type="submit" size="sm" variant="secondary" loading={state.busy}>
        Save
      </Button>
      {state.message && <span className={state.error ? 'text-red-600 dark:text-red-400' : 'text-green-700 dark:text-green-400'}>{state.message}</span>}
    </form>
  );
}
