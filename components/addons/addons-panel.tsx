'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Alert, Badge, Button, Select, Table, TBody, TD, TH, THead, TR, type BadgeTone } from '@/components/ui';
import { useApi } from '@/components/ui/use-api';
import type { AddonBackupDto } from '@/lib/addons/addon-backups';
import type { AddonDto } from '@/lib/addons/addon-dto';
import { apiFetch } from '@/lib/http/api-client';
import { AddonObserve } from './addon-observe';

export type AddonBackupRow = Pick<AddonBackupDto, 'id' | 'kind' | 'status' | 'sizeBytes' | 'sha256' | 'createdAt'>;
export type AddonRow = Pick<
  AddonDto,
  'id' | 'type' | 'label' | 'version' | 'status' | 'statusReason' | 'host' | 'envKeys' | 'connectionUrl' | 'sizeBytes' | 'lastBackup'
> & { backups: AddonBackupRow[] };

const tones: Record<string, BadgeTone> = { available: 'green', provisioning: 'yellow', failed: 'red', unavailable: 'red' };
const size = (bytes: number | null) => (bytes === null ? '—' : bytes > 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * The add-ons of one app: add one (type picker), each with status, host, size, the connection
 * string masked (Reveal fetches it, Copy copies the real one), CPU/memory charts and the server
 * log (AddonObserve, opened on demand), backups with Back up now / Restore, and Delete (typing
 * the type to confirm). An unavailable one (its host is lost) offers its last backup for restore
 * into a new add-on elsewhere. Provisioning ones refresh until they settle.
 */
export function AddonsPanel({ app, addons }: { app: string; addons: AddonRow[] }) {
  const router = useRouter();
  const { call, busy, error, notice } = useApi();
  const [type, setType] = useState('postgres');
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [observing, setObserving] = useState<Record<string, boolean>>({});
  const base = `/api/apps/${encodeURIComponent(app)}/addons`;
  const settling = addons.some((a) => a.status === 'provisioning');

  useEffect(() => {
    if (!settling) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [settling, router]);

  async function reveal(id: string): Promise<string | null> {
    if (revealed[id]) return revealed[id];
    const json = await apiFetch<{ addon: { connectionUrl: string } }>(`${base}/${id}?reveal=1`).catch(() => null);
    if (!json) return null;
    setRevealed((r) => ({ ...r, [id]: json.addon.connectionUrl }));
    return json.addon.connectionUrl;
  }

  return (
    <div className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void call('add', 'POST', base, { type }, 'Provisioning — the app gets its URL in a new release once it is up');
        }}
      >
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Add-on</span>
          <Select value={type} onChange={(e) => setType(e.target.value)} aria-label="Add-on type" data-testid="addon-type">
            <option value="postgres">PostgreSQL 15</option>
            <option value="mysql">MariaDB 10.11 (MySQL)</option>
            <option value="redis">Redis 7</option>
          </Select>
        </label>
        <Button type="submit" disabled={busy !== null} data-testid="addon-add">
          Add
        </Button>
      </form>
      {addons.length === 0 ? (
        <p className="text-sm text-slate-500">No add-ons yet.</p>
      ) : (
        addons.map((a) => (
          <section key={a.id} className="space-y-2 rounded border border-slate-200 p-3" data-testid={`addon-${a.type}`}>
            <div className="flex flex-wrap items-center gap-3">
              <strong>
                {a.label} {a.version}
              </strong>
              <Badge tone={tones[a.status] ?? 'gray'} data-testid="addon-status">
                {a.status}
              </Badge>
              <span className="text-sm text-slate-600">host {a.host ?? '—'}</span>
              <span className="text-sm text-slate-600">size {size(a.sizeBytes)}</span>
              <span className="text-sm text-slate-600">sets {a.envKeys.join(', ')}</span>
            </div>
            {a.statusReason && <Alert tone="error">{a.statusReason}</Alert>}
            {a.status === 'unavailable' && a.lastBackup && (
              <Button
                size="sm"
                disabled={busy !== null}
                data-testid="addon-restore-elsewhere"
                onClick={() => {
                  if (window.confirm(`Create a new ${a.label} on another host from the backup of ${new Date(a.lastBackup!.createdAt).toLocaleString()}?`))
                    void call('restore-elsewhere', 'POST', base, { type: a.type, fromBackup: a.lastBackup!.id }, 'Provisioning a new add-on from the last backup; delete the unavailable one to move DATABASE_URL to it');
                }}
              >
                Restore last backup into a new add-on
              </Button>
            )}
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all text-sm" data-testid="addon-url">
                {revealed[a.id] ?? a.connectionUrl}
              </code>
              <Button size="sm" variant="ghost" onClick={() => (revealed[a.id] ? setRevealed(({ [a.id]: _, ...rest }) => rest) : void reveal(a.id))}>
                {revealed[a.id] ? 'Hide' : 'Reveal'}
              </Button>
              <Button
                size="sm"
                variant="secondary"
                onClick={async () => {
                  const url = await reveal(a.id);
                  if (url) await navigator.clipboard?.writeText(url).catch(() => undefined);
                }}
              >
                Copy
              </Button>
              <Button size="sm" variant="secondary" disabled={busy !== null || a.status !== 'available'} onClick={() => void call('backup', 'POST', `${base}/${a.id}/backups`, undefined, 'Backup done')}>
                Back up now
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={busy !== null}
                onClick={() => {
                  const typed = window.prompt(`Delete this add-on? Its env vars are removed and a final backup is kept. Type "${a.type}" to confirm.`);
                  if (typed === a.type) void call('delete', 'DELETE', `${base}/${a.id}?confirm=${encodeURIComponent(typed)}`, undefined, 'Detached; removing after a final backup');
                }}
              >
                Delete
              </Button>
            </div>
            <details
              className="rounded border border-slate-100 p-2"
              data-testid="addon-observe"
              onToggle={(e) => {
                const open = e.currentTarget.open;
                setObserving((o) => ({ ...o, [a.id]: open }));
              }}
            >
              <summary className="cursor-pointer text-sm font-medium text-slate-700">CPU, memory and logs</summary>
              {/* Mounted only while open: it polls the API. */}
              {observing[a.id] && (
                <div className="mt-2">
                  <AddonObserve base={`${base}/${a.id}`} />
                </div>
              )}
            </details>
            {a.backups.length > 0 && (
              <Table>
                <THead>
                  <TR>
                    <TH>Backup</TH>
                    <TH>Status</TH>
                    <TH>Size</TH>
                    <TH>sha256</TH>
                    <TH />
                  </TR>
                </THead>
                <TBody>
                  {a.backups.map((b) => (
                    <TR key={b.id}>
                      <TD>
                        {new Date(b.createdAt).toLocaleString()} ({b.kind})
                      </TD>
                      <TD>{b.status}</TD>
                      <TD>{size(b.sizeBytes)}</TD>
                      <TD>
                        <code className="text-xs">{b.sha256?.slice(0, 12) ?? '—'}</code>
                      </TD>
                      <TD className="space-x-2 text-right">
                        {b.status === 'succeeded' && (
                          <>
                            <a className="text-sm text-indigo-700 hover:underline" href={`${base}/${a.id}/backups/${b.id}/download`}>
                              Download
                            </a>
                            <Button
                              size="sm"
                              variant="secondary"
                              disabled={busy !== null || a.status !== 'available'}
                              onClick={() => {
                                if (window.confirm('Restore this backup into the running add-on? Current data is replaced.'))
                                  void call('restore', 'POST', `${base}/${a.id}/restore`, { backupId: b.id }, 'Restored');
                              }}
                            >
                              Restore
                            </Button>
                          </>
                        )}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </section>
        ))
      )}
    </div>
  );
}
