'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui';
import { apiFetch, describeApiError } from '@/lib/http/api-client';

/** Drains (or un-drains) a host via PATCH /api/hosts/<id>; the reconciler moves its instances. */
export function DrainButton({ hostId, hostName, draining }: { hostId: string; hostName: string; draining: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async () => {
    if (!draining && !window.confirm(`Drain ${hostName}? Its instances will be moved to other hosts.`)) return;
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/hosts/${encodeURIComponent(hostId)}`, {
        method: 'PATCH',
        body: { action: draining ? 'undrain' : 'drain' },
      });
      router.refresh();
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant={draining ? 'secondary' : 'danger'} size="sm" loading={busy} onClick={act}>
        {draining ? 'Undrain' : 'Drain'}
      </Button>
      {error && <span className="text-xs text-red-600">{error}</span>}
    </span>
  );
}
