'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { apiFetch, describeApiError } from '@/lib/http/api-client';

/** POST /api/builds/:id/cancel; shows the API's error message when it refuses. */
export function CancelBuildButton({ buildId, onCancelled }: { buildId: string; onCancelled?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function cancel() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/builds/${encodeURIComponent(buildId)}/cancel`, { method: 'POST' });
      onCancelled?.();
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" loading={busy} onClick={cancel}>
        Cancel build
      </Button>
      {error && <span className="text-xs text-red-600">{error}</span>}
    </span>
  );
}
