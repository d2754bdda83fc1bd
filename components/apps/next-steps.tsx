'use client';
import { useState } from 'react';
import { apiFetch, describeApiError } from '@/lib/http/api-client';
import { Alert, Button, Card, CardBody, CardHeader } from '@/components/ui';
import { useAppLive } from './app-live';
import { CopyButton } from './copy-button';

/** Clone URL with the user name in it, so git asks only for the password (the token). */
export function cloneCommand(gitUrl: string, user: string): string {
  const url = new URL(gitUrl);
  url.username = encodeURIComponent(user);
  return `git clone ${url.toString()}`;
}

/**
 * After Create, until the first push: what to do next — clone (user name filled in), change,
 * push — and a token to push with, created right here (shown once).
 */
export function NextSteps({ user }: { user: string }) {
  const { state } = useAppLive();
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (state.pushed) return null;
  const clone = cloneCommand(state.gitUrl, user);

  async function createToken() {
    setBusy(true);
    setError(null);
    try {
      const { token } = await apiFetch<{ token: { token: string } }>('/api/tokens', { method: 'POST', body: { name: `git push ${state.name}` } });
      setToken(token.token);
    } catch (e) {
      setError(describeApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card data-testid="next-steps">
      <CardHeader title="Next steps" description="Deploy your own code: clone the starter, change it, push. Every push to main builds and deploys." />
      <CardBody className="space-y-3 text-sm">
        <ol className="list-decimal space-y-3 pl-5">
          <li>
            <div className="flex min-w-0 items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1.5 text-xs" data-testid="next-steps-clone">
                {clone}
              </code>
              <CopyButton text={clone} />
            </div>
            <p className="mt-1 text-xs text-slate-500">When git asks for a password, give a personal API token.</p>
            {token ? (
              <div className="mt-2 space-y-1" data-testid="new-token">
                <div className="flex min-w-0 items-center gap-2">
                  <code className="min-w-0 flex-1 truncate rounded bg-yellow-50 px-2 py-1.5 text-xs">{token}</code>
                  <CopyButton text={token} label="Copy token" />
                </div>
                <p className="text-xs text-slate-500">Shown once. Manage tokens under Settings → API tokens.</p>
              </div>
            ) : (
              <Button size="sm" variant="secondary" className="mt-2" disabled={busy} onClick={() => void createToken()}>
                {busy ? 'Creating…' : 'Create a token'}
              </Button>
            )}
            {error && <Alert tone="error" className="mt-2">{error}</Alert>}
          </li>
          <li>
            Change something and commit: <code className="text-xs">git commit -am &quot;first change&quot;</code>
          </li>
          <li>
            Push: <code className="text-xs">git push origin main</code> — the output follows the build and ends with the live URL.
          </li>
        </ol>
      </CardBody>
    </Card>
  );
}
