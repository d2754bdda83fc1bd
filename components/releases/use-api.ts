'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, describeApiError, type ApiRequest } from '@/lib/http/api-client';

/** Calls a Berth API route (apiFetch), keeps busy/error state, refreshes server data on success. */
export function useApi() {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Resolves to the JSON answer (`{}` when there is none), or null when it failed (see `error`). */
  async function call(label: string, method: NonNullable<ApiRequest['method']>, url: string, body?: unknown, done?: string): Promise<unknown> {
    setBusy(label);
    setError(null);
    setNotice(null);
    try {
      const json = await apiFetch(url, { method, body });
      if (done) setNotice(done);
      router.refresh();
      return json ?? {};
    } catch (e) {
      setError(describeApiError(e));
      return null;
    } finally {
      setBusy(null);
    }
  }
  return { call, busy, error, notice };
}
