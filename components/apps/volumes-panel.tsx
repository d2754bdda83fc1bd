'use client';
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Dialog, EmptyState, Field, Input, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { ApiError, apiFetch, describeApiError } from '@/lib/http/api-client';
import type { VolumeDto } from '@/lib/volumes/volume-dto';

/**
 * Settings → Volumes: directories kept across deploys (named Docker volumes). Adding or removing
 * one rolls the app out; removing deletes the data, so the path must be typed back.
 */
export function VolumesPanel({ name }: { name: string }) {
  const endpoint = `/api/apps/${encodeURIComponent(name)}/volumes`;
  const [volumes, setVolumes] = useState<VolumeDto[] | null>(null);
  const [path, setPath] = useState('/app/storage');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<VolumeDto | null>(null);
  const [typed, setTyped] = useState('');

  const load = useCallback(
    () =>
      apiFetch<{ volumes: VolumeDto[] }>(endpoint)
        .then((r) => setVolumes(r.volumes))
        .catch((e) => setError(describeApiError(e))),
    [endpoint],
  );
  useEffect(() => void load(), [load]);

  async function add() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await apiFetch<{ volume: VolumeDto; deploymentId: string | null }>(endpoint, { method: 'POST', body: { path } });
      setNotice(r.deploymentId ? `Mounting ${r.volume.path}: the app is rolling out.` : `Added ${r.volume.path}; mounted at the next start.`);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields.path ? `Path ${e.fields.path}` : e.message) : describeApiError(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(volume: VolumeDto) {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`${endpoint}/${encodeURIComponent(volume.id)}`, { method: 'DELETE', body: { confirm: typed } });
      setNotice(`Removed ${volume.path}; its data is deleted once no instance mounts it.`);
      setRemoving(null);
      setTyped('');
      await load();
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="volumes-panel">
      <div>
        <h2 className="text-sm font-semibold">Volumes</h2>
        <p className="mt-1 text-sm text-slate-600">
          Files written under a volume&apos;s path survive deploys and restarts. The app then runs only on the volume&apos;s
          host, and all its instances share the volume.
        </p>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      {volumes === null ? (
        <p className="text-sm text-slate-500">Loading volumes…</p>
      ) : volumes.length === 0 ? (
        <EmptyState title="No volumes" description="Everything the app writes is lost at its next deploy." />
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Path</TH>
              <TH>Host</TH>
              <TH>Docker volume</TH>
              <TH />
            </TR>
          </THead>
          <TBody>
            {volumes.map((v) => (
              <TR key={v.id} data-testid="volume-row">
                <TD className="font-mono">{v.path}</TD>
                <TD>{v.host ?? 'chosen at the next start'}</TD>
                <TD className="font-mono text-xs text-slate-500">{v.dockerName}</TD>
                <TD className="text-right">
                  <Button variant="danger" onClick={() => setRemoving(v)}>
                    Remove
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <Field id="volume-path" label="Mount a volume at" hint="An absolute path in the container, e.g. /app/storage">
        <div className="flex gap-2">
          <Input id="volume-path" value={path} onChange={(e) => setPath(e.target.value)} />
          <Button loading={busy} onClick={add} data-testid="add-volume">
            Add volume
          </Button>
        </div>
      </Field>
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} title={`Remove the volume at ${removing?.path ?? ''}?`}>
        <div className="space-y-4">
          <p className="text-sm text-slate-600">Its files are deleted for good. The app is rolled out without it.</p>
          <Field id="confirm-volume" label={<>Type <strong>{removing?.path}</strong> to confirm</>}>
            <Input id="confirm-volume" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button variant="danger" disabled={!removing || typed !== removing.path} loading={busy} onClick={() => removing && remove(removing)}>
              Delete volume and data
            </Button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}
