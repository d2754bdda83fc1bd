'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui';

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
      const res = await fetch(`/api/hosts/${encodeURIComponent(hostId)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: draining ? 'undrain' : 'drain' }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      }
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
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
