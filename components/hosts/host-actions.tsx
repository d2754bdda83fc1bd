'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Button, Dialog } from '@/components/ui';
import { apiFetch, describeApiError } from '@/lib/http/api-client';

/**
 * An admin's actions on a host, in a small menu: Drain (behind a confirmation that lists the apps
 * it will move and says add-ons stay) or Undrain. PATCH /api/hosts/<id>; the reconciler and the
 * queued rolling restarts do the moving.
 */
export function HostActions({
  hostId,
  hostName,
  draining,
  apps,
  addons,
}: {
  hostId: string;
  hostName: string;
  draining: boolean;
  apps: string[];
  addons: string[];
}) {
  const router = useRouter();
  const [menu, setMenu] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menuRef.current?.contains(e.target as Node)) setMenu(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [menu]);

  const act = async (action: 'drain' | 'undrain') => {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/hosts/${encodeURIComponent(hostId)}`, { method: 'PATCH', body: { action } });
      setConfirm(false);
      router.refresh();
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="relative" ref={menuRef}>
      <Button variant="secondary" size="sm" aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu((m) => !m)}>
        Actions
        <span aria-hidden>▾</span>
      </Button>
      {menu && (
        <div role="menu" aria-label={`Actions for ${hostName}`} className="absolute right-0 z-10 mt-1 w-48 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
          <button
            type="button"
            role="menuitem"
            className="block w-full px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-50"
            onClick={() => {
              setMenu(false);
              if (draining) void act('undrain');
              else setConfirm(true);
            }}
          >
            {draining ? 'Undrain (accept instances)' : 'Drain…'}
          </button>
        </div>
      )}
      {error && !confirm && <p className="mt-1 text-xs text-red-600">{error}</p>}
      <Dialog
        open={confirm}
        onClose={() => setConfirm(false)}
        title={`Drain ${hostName}?`}
        description="No new instances are placed here. Each app below gets a rolling restart onto other hosts; an instance stops only after its replacement is healthy. If nothing else has room, that app stays where it is."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={busy} onClick={() => void act('drain')}>
              Drain {hostName}
            </Button>
          </>
        }
      >
        <div className="space-y-3 text-sm" data-testid="drain-confirm">
          {apps.length === 0 ? (
            <p>No app runs here: nothing will move.</p>
          ) : (
            <>
              <p>
                {apps.length === 1 ? '1 app' : `${apps.length} apps`} will be moved:
              </p>
              <ul className="list-inside list-disc" data-testid="drain-apps">
                {apps.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </>
          )}
          {addons.length > 0 && (
            <p className="text-slate-600">
              Add-ons stay on this host with their data: {addons.join(', ')}.
            </p>
          )}
          {error && <p className="text-red-600">{error}</p>}
        </div>
      </Dialog>
    </div>
  );
}
