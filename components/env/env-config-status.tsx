'use client';
import { OperationNotice } from '@/components/apps/operation-notice';
import { useOperation } from '@/components/apps/use-operation';
import { Alert, Button } from '@/components/ui';
import type { EnvStatus } from '@/lib/releases/env-status';

/**
 * Which release's config is live, and a change that is still deploying or failed (its variables
 * are stored but the running release does not have them), with Retry: a new release of the live
 * image with the stored variables.
 */
export function EnvConfigStatus({ app, status }: { app: string; status: Pick<EnvStatus, 'live' | 'newer'> }) {
  const { run, busy, error, notice } = useOperation();
  const { live, newer } = status;
  return (
    <div className="space-y-3" data-testid="env-config-status">
      <p className="text-sm text-slate-600" data-testid="env-live-release">
        {live ? (
          <>
            Live config: <strong>v{live.version}</strong> ({live.description})
          </>
        ) : (
          'Nothing is deployed yet: the variables are applied with the first release.'
        )}
      </p>
      {newer?.status === 'FAILED' && (
        <Alert tone="error" className="flex flex-wrap items-center gap-3">
          <span className="min-w-0 flex-1" data-testid="env-failed-change">
            v{newer.version} ({newer.description}) failed{newer.failureReason ? `: ${newer.failureReason.split('\n')[0]}` : ''} — its changes are not applied
            {live ? `; v${live.version} keeps running` : ''}.
          </span>
          <Button
            size="sm"
            disabled={busy !== null}
            onClick={() =>
              void run('retry', 'POST', `/api/apps/${encodeURIComponent(app)}/redeploy`, {}, (json) => ({
                running: `Deploying the stored variables as v${String(json.version)}…`,
                done: `v${String(json.version)} is live with the stored variables`,
                failed: `v${String(json.version)} failed`,
              }))
            }
          >
            {busy === 'retry' ? 'Retrying…' : 'Retry'}
          </Button>
        </Alert>
      )}
      {newer && newer.status !== 'FAILED' && (
        <Alert tone="info">
          v{newer.version} ({newer.description}) is deploying — its changes apply when it is live.
        </Alert>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      <OperationNotice notice={notice} />
    </div>
  );
}
