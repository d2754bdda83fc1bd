'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, describeApiError, type ApiRequest } from '@/lib/http/api-client';

/** After a success: a notice to show, and where to go (e.g. /apps after a delete) instead of refreshing in place. */
type After = string | { notice?: string; navigate?: string };

/**
 * Calls a Berth API route (apiFetch), keeps busy/error state, refreshes server data on success —
 * the one place the UI's buttons get their "…ing", their error line and their try/finally.
 */
export function useApi() {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Resolves to the JSON answer (`{}` when there is none), or null when it failed (see `error`). */
  async function call(label: string, method: NonNullable<ApiRequest['method']>, url: string, body?: unknown, after?: After): Promise<unknown> {
    const opts: { notice?: string; navigate?: string } | undefined = typeof after === 'string' ? { notice: after } : after;
    const done = opts?.notice;
    const navigate = opts?.navigate;
    setBusy(label);
    setError(null);
    setNotice(null);
    try {
      const json = await apiFetch(url, { method, body });
      if (done) setNotice(done);
      // Push first, so the refresh re-reads the page arrived at (after a delete, the list without it).
      if (navigate) router.push(navigate);
      router.refresh();
      return json ?? {};
    } catch (e) {
      setError(describeApiError(e));
      return null;
    } finally {
      setBusy(null);
    }
  }
  /** Clears a shown error (e.g. when its dialog closes). */
  const clearError = () => setError(null);
  return { call, busy, error, notice, clearError };
}
