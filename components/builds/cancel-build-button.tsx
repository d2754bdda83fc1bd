'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** POST /api/builds/:id/cancel; shows the API's error message when it refuses. */
export function CancelBuildButton({ buildId, onCancelled }: { buildId: string; onCancelled?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function cancel() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/builds/${encodeURIComponent(buildId)}/cancel`, { method: 'POST' });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        setError(body?.error?.message ?? `Cancel failed (${res.status})`);
      } else onCancelled?.();
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
