'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert, Button, Dialog, Field, Input } from '@/components/ui';
import { apiFetch, describeApiError } from '@/lib/http/api-client';

/** Danger zone: delete the app after typing its name (DELETE /api/apps/<name>). */
export function DeleteApp({ name }: { name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/apps/${encodeURIComponent(name)}`, { method: 'DELETE', body: { confirm: typed } });
      router.push('/apps');
      router.refresh();
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="rounded-lg border border-red-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-red-700">Delete app</h2>
      <p className="mt-1 text-sm text-slate-600">
        Stops and removes every container, the route, the git repository and the images. This cannot be undone.
      </p>
      <Button variant="danger" className="mt-3" onClick={() => setOpen(true)} data-testid="delete-app">
        Delete {name}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete ${name}?`}>
        <div className="space-y-4">
          {error && <Alert tone="error">{error}</Alert>}
          <Field id="confirm-name" label={<>Type <strong>{name}</strong> to confirm</>}>
            <Input id="confirm-name" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="danger" disabled={typed !== name} loading={busy} onClick={remove} data-testid="confirm-delete">
              Delete forever
            </Button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}
