'use client';
import { useState } from 'react';
import { Alert, Button, Dialog, Field, Input } from '@/components/ui';
import { useApi } from '@/components/ui/use-api';

/** Danger zone: delete the app after typing its name (DELETE /api/apps/<name>), then back to Apps. */
export function DeleteApp({ name }: { name: string }) {
  const { call, busy, error, clearError } = useApi();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const close = () => {
    setOpen(false);
    clearError();
  };

  return (
    <section className="rounded-lg border border-red-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-red-700">Delete app</h2>
      <p className="mt-1 text-sm text-slate-600">
        Stops and removes every container, the route, the git repository and the images. This cannot be undone.
      </p>
      <Button variant="danger" className="mt-3" onClick={() => setOpen(true)} data-testid="delete-app">
        Delete {name}
      </Button>
      <Dialog open={open} onClose={close} title={`Delete ${name}?`}>
        <div className="space-y-4">
          {error && <Alert tone="error">{error}</Alert>}
          <Field id="confirm-name" label={<>Type <strong>{name}</strong> to confirm</>}>
            <Input id="confirm-name" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={typed !== name}
              loading={busy === 'delete'}
              onClick={() => void call('delete', 'DELETE', `/api/apps/${encodeURIComponent(name)}`, { confirm: typed }, { navigate: '/apps' })}
              data-testid="confirm-delete"
            >
              Delete forever
            </Button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}
