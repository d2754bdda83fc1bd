'use client';

import { useState } from 'react';
import { Button, Dialog, Menu, menuItemClasses } from '@/components/ui';
import { useApi } from '@/components/ui/use-api';

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
  const { call, busy, error, clearError } = useApi();
  const [confirm, setConfirm] = useState(false);
  const close = () => {
    setConfirm(false);
    clearError();
  };

  const act = async (action: 'drain' | 'undrain') => {
    const done = await call(action, 'PATCH', `/api/hosts/${encodeURIComponent(hostId)}`, { action });
    if (done) setConfirm(false);
  };

  return (
    <div>
      <Menu label={`Actions for ${hostName}`}>
        {(closeMenu) => (
          <button
            type="button"
            role="menuitem"
            className={menuItemClasses}
            onClick={() => {
              closeMenu();
              if (draining) void act('undrain');
              else setConfirm(true);
            }}
          >
            {draining ? 'Undrain (accept instances)' : 'Drain…'}
          </button>
        )}
      </Menu>
      {error && !confirm && <p className="mt-1 text-xs text-red-600">{error}</p>}
      <Dialog
        open={confirm}
        onClose={close}
        title={`Drain ${hostName}?`}
        description="No new instances are placed here. Each app below gets a rolling restart onto other hosts; an instance stops only after its replacement is healthy. If nothing else has room, that app stays where it is."
        footer={
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button variant="danger" loading={busy === 'drain'} onClick={() => void act('drain')}>
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
              <p>{apps.length === 1 ? '1 app' : `${apps.length} apps`} will be moved:</p>
              <ul className="list-inside list-disc" data-testid="drain-apps">
                {apps.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </>
          )}
          {addons.length > 0 && <p className="text-slate-600">Add-ons stay on this host with their data: {addons.join(', ')}.</p>}
          {error && <p className="text-red-600">{error}</p>}
        </div>
      </Dialog>
    </div>
  );
}
