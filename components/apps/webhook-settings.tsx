'use client';
import { useEffect, useState } from 'react';
import { Alert, Button, Field, Input } from '@/components/ui';
import { ApiError, apiFetch } from '@/lib/http/api-client';

type Settings = { webhookUrl: string; secret: string; remoteUrl: string | null };

/**
 * Settings → Webhook: deploy from a repository hosted elsewhere. Shows the URL and secret to
 * paste into GitHub/Gitea (content type JSON, push events) and the https remote Berth fetches.
 */
export function WebhookSettings({ name }: { name: string }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [remote, setRemote] = useState('');
  const [showSecret, setShowSecret] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const endpoint = `/api/apps/${encodeURIComponent(name)}/webhook`;

  useEffect(() => {
    apiFetch<Settings>(endpoint)
      .then((s) => {
        setSettings(s);
        setRemote(s.remoteUrl ?? '');
      })
      .catch(() => setError('Could not load the webhook settings'));
  }, [endpoint]);

  async function save(body: object) {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      setSettings(await apiFetch<Settings>(endpoint, { method: 'PATCH', body }));
      setSaved(true);
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields.remoteUrl ?? e.message) : 'Save failed');
    } finally {
      setBusy(false);
    }
  }

  if (!settings) return <p className="text-sm text-slate-500">{error ?? 'Loading webhook settings…'}</p>;
  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="webhook-settings">
      <div>
        <h2 className="text-sm font-semibold">Deploy from GitHub or Gitea</h2>
        <p className="mt-1 text-sm text-slate-600">
          Add a webhook (content type <code>application/json</code>, push events) with this URL and secret. Pushes to the
          default branch are fetched from the remote below and deployed.
        </p>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {saved && <Alert tone="success">Saved</Alert>}
      <Field id="webhook-url" label="Payload URL">
        <Input id="webhook-url" readOnly value={settings.webhookUrl} onFocus={(e) => e.currentTarget.select()} />
      </Field>
      <Field id="webhook-secret" label="Secret">
        <div className="flex gap-2">
          <Input
            id="webhook-secret"
            readOnly
            type={showSecret ? 'text' : 'password'}
            value={settings.secret}
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button variant="secondary" onClick={() => setShowSecret((v) => !v)}>
            {showSecret ? 'Hide' : 'Show'}
          </Button>
          <Button variant="secondary" loading={busy} onClick={() => save({ regenerateSecret: true })}>
            Regenerate
          </Button>
        </div>
      </Field>
      <Field id="remote-url" label="Remote repository (https)" hint="e.g. https://github.com/acme/shop.git">
        <div className="flex gap-2">
          <Input id="remote-url" value={remote} placeholder="https://…" onChange={(e) => setRemote(e.target.value)} />
          <Button loading={busy} onClick={() => save({ remoteUrl: remote || null })}>
            Save
          </Button>
        </div>
      </Field>
    </section>
  );
}
