'use client';
import { useEffect, useState } from 'react';
import { apiFetch, describeApiError } from '@/lib/http/api-client';

/**
 * GET `url` now and every `everyMs` while mounted (for sampled data such as charts, where a live
 * stream buys nothing). Keeps the last good data when a refresh fails; `error` says why.
 */
export function usePolledJson<T>(url: string, everyMs = 10_000): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const json = await apiFetch<T>(url);
        if (stop) return;
        setData(json);
        setError(null);
      } catch (e) {
        if (!stop) setError(describeApiError(e));
      }
    };
    void load();
    const timer = setInterval(load, everyMs);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [url, everyMs]);
  return { data, error };
}
