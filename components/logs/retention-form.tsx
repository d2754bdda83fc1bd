'use client';

import { useState } from 'react';
import { Button, Input } from '@/components/ui';

/** Small inline editor for an app's log retention (size budget in MB and days). */
export function RetentionForm({ app, maxBytes, days }: { app: string; maxBytes: number; days: number }) {
  const [mb, setMb] = useState(String(Math.round(maxBytes / 1048576)));
  const [d, setD] = useState(String(days));
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({ busy: false, message: null, error: false });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setState({ busy: true, message: null, error: false });
    const res = await fetch(`/api/apps/${encodeURIComponent(app)}/logs/retention`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ maxBytes: Math.round(Number(mb) * 1048576), days: Number(d) }),
    }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null;
    if (res?.ok) setState({ busy: false, message: 'Saved', error: false });
    else {
      const detail = body?.error?.fields ? Object.values(body.error.fields)[0] : body?.error?.message;
      setState({ busy: false, message: detail ?? 'Could not save', error: true });
    }
  };
  return (
    <form onSubmit={save} className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
      <span>Keep logs up to</span>
      <Input aria-label="Log retention in MB" value={mb} onChange={(e) => setMb(e.target.value)} className="h-8 w-20" inputMode="numeric" />
      <span>MB and</span>
      <Input aria-label="Log retention in days" value={d} onChange={(e) => setD(e.target.value)} className="h-8 w-16" inputMode="numeric" />
      <span>days</span>
      <Button type="submit" size="sm" variant="secondary" loading={state.busy}>
        Save
      </Button>
      {state.message && <span className={state.error ? 'text-red-600' : 'text-green-700'}>{state.message}</span>}
    </form>
  );
}
