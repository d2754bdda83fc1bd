'use client';
import Link from 'next/link';
import { failureHeadline } from '@/lib/apps/failure-notice';
import { Button } from '@/components/ui';
import { useAppLive } from './app-live';
import { OperationNotice } from './operation-notice';
import { useOperation } from './use-operation';

/**
 * "v5 failed at health check — v2 still serving" or "Scale web=9 failed at placement — v2 still
 * serving": the newest failure no later deploy replaced (derived from Postgres, so it survives
 * reloads) — step, one-sentence reason (a capacity refusal links to Hosts), the detail collapsed —
 * with links to the build log and the release, Retry (the same build, release or operation again,
 * with today's env and settings) and Roll back.
 */
export function FailureBanner() {
  const { state } = useAppLive();
  const { run, busy, error, notice } = useOperation();
  const failure = state.failure;
  if (!failure) return notice ? <OperationNotice notice={notice} /> : null;
  const base = `/apps/${encodeURIComponent(state.name)}`;
  const retry = () =>
    failure.kind === 'operation'
      ? run('retry', 'POST', `/api/apps/${encodeURIComponent(state.name)}/deployments/${encodeURIComponent(failure.operationId ?? '')}/retry`, {}, {
          running: `Retrying: ${failure.subject}…`,
          done: `${failure.subject} succeeded`,
          failed: `${failure.subject} failed again`,
        })
      : failure.kind === 'build'
      ? run('retry', 'POST', `/api/apps/${encodeURIComponent(state.name)}/builds`, { build: failure.buildNumber }, (json) => ({
          running: `Retrying as build #${String(json.number)}…`,
          done: `Build #${String(json.number)} succeeded — deploying`,
          failed: `Build #${String(json.number)} failed`,
        }))
      : run('retry', 'POST', `/api/apps/${encodeURIComponent(state.name)}/redeploy`, { version: failure.version }, (json) => ({
          running: `Retrying ${failure.subject} as v${String(json.version)}…`,
          done: `v${String(json.version)} is live`,
          failed: `v${String(json.version)} failed`,
        }));
  const target = state.rollbackTarget;
  return (
    <section role="alert" className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900" data-testid="failure-banner">
      <div>
        <p className="font-semibold" data-testid="failure-headline">
          {failureHeadline(failure)}
        </p>
        <p className="mt-1 break-words text-red-800" data-testid="failure-banner-reason">
          {failure.reason}
          {failure.link && (
            <>
              {' '}
              <Link className="font-medium text-red-900 underline" href={failure.link.href}>
                {failure.link.label}
              </Link>
            </>
          )}
        </p>
        {failure.detail && (
          <details className="mt-1 text-red-900" data-testid="failure-detail">
            <summary className="cursor-pointer">Details</summary>
            <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{failure.detail}</pre>
          </details>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {failure.buildId && (
          <Link className="font-medium text-red-900 underline" href={`${base}/deploys?build=${encodeURIComponent(failure.buildId)}`}>
            Build log
          </Link>
        )}
        {failure.version !== null && (
          <Link className="font-medium text-red-900 underline" href={`${base}/deploys#release-v${failure.version}`}>
            {failure.subject} details
          </Link>
        )}
        <Link className="font-medium text-red-900 underline" href={`${base}/logs`}>
          App logs
        </Link>
        <span className="grow" />
        <Button size="sm" disabled={busy !== null} onClick={() => void retry()}>
          {busy === 'retry' ? 'Retrying…' : 'Retry'}
        </Button>
        {target && (
          <Button
            size="sm"
            variant="secondary"
            disabled={busy !== null}
            onClick={() => {
              if (confirm(`Roll back ${state.name} to v${target.version} (${target.description})?`))
                void run('rollback', 'POST', `/api/apps/${encodeURIComponent(state.name)}/rollback`, { version: target.version }, {
                  running: `Rolling back to v${target.version}…`,
                  done: `Rolled back to v${target.version}`,
                  failed: 'Rollback failed',
                });
            }}
          >
            Roll back to v{target.version}
          </Button>
        )}
      </div>
      {error && (
        <p className="text-red-700" data-testid="failure-banner-error">
          {error}
        </p>
      )}
      <OperationNotice notice={notice} />
    </section>
  );
}
