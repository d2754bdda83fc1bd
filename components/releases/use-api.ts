'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Calls a Berth API route with JSON, keeps busy/error state, refreshes server data on success. */
export function useApi() {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function call(label: string, method: string, url: string, body?: unknown, done?: string): Promise<unknown> {
    setBusy(label);
    setError(null);
    setNotice(null);
    try {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) {
        const fields = json?.error?.fields ? ` (${Object.values(json.error.fields).join('; ')})` : '';
        setError(`${json?.error?.message ?? `Request failed (${res.status})`}${fields}`);
        return null;
      }
      if (done) setNotice(done);
      router.refresh();
      return json;
    } catch {
      setError('Berth could not be reached');
      return null;
    } finally {
      setBusy(null);
    }
  }
  return { call, busy, error, notice };
}
