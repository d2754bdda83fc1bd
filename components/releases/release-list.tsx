'use client';
import { Fragment, useState } from 'react';
import { BuildLog, type BuildLogStatus } from '@/components/builds/build-log';
import { Alert, Badge, Button, Table, TBody, TD, TH, THead, TR, type BadgeTone } from '@/components/ui';
import type { ReleaseDto } from '@/lib/releases/list-releases';
import { OperationNotice } from '@/components/apps/operation-notice';
import { useOperation } from '@/components/apps/use-operation';
import { FailureReason } from './failure-reason';

/** What the releases API and page hand over (never an env snapshot). */
export type ReleaseRow = ReleaseDto;

const tone: Record<string, BadgeTone> = { LIVE: 'green', DEPLOYING: 'blue', PENDING: 'gray', FAILED: 'red', SUPERSEDED: 'gray' };

/** Releases newest first; rollback on earlier releases that went live; build log per release. */
export function ReleaseList({ app, releases }: { app: string; releases: ReleaseRow[] }) {
  const { run, busy, error, notice } = useOperation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <OperationNotice notice={notice} />
      <Table>
        <THead>
          <TR>
            <TH>Release</TH>
            <TH>Status</TH>
            <TH>Commit</TH>
            <TH>By</TH>
            <TH>Created</TH>
            <TH>Build</TH>
            <TH />
          </TR>
        </THead>
        <TBody>
          {releases.map((r) => (
            <Fragment key={r.id}>
              <TR id={`release-v${r.version}`} data-testid={`release-v${r.version}`}>
                <TD>
                  <div className="font-medium">v{r.version}</div>
                  <div className="text-xs text-slate-500">{r.description}</div>
                </TD>
                <TD>
                  <Badge tone={tone[r.status] ?? 'gray'}>{r.current ? 'live' : r.status.toLowerCase()}</Badge>
                  {r.failureReason && <FailureReason className="mt-1" reason={r.failureReason} step={r.failedStep} detail={r.failureDetail} />}
                  {r.releasePhase && (
                    <details className="mt-1 max-w-md text-xs text-slate-600" data-testid={`release-phase-v${r.version}`}>
                      <summary className="cursor-pointer">
                        release phase {r.releasePhase.status}
                        {r.releasePhase.exitCode !== null ? ` (exit ${r.releasePhase.exitCode})` : ''}
                      </summary>
                      <code className="block font-mono">{r.releasePhase.command}</code>
                      {r.releasePhase.output && <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-900 p-2 text-slate-100">{r.releasePhase.output}</pre>}
                    </details>
                  )}
                </TD>
                <TD>
                  <code className="text-xs">{r.commitSha.slice(0, 7)}</code>
                  <div className="max-w-xs truncate text-xs text-slate-500">{r.commitMessage}</div>
                </TD>
                <TD className="text-sm">{r.createdBy ?? r.commitAuthor ?? '—'}</TD>
                <TD className="text-sm" title={r.createdAt}>
                  {r.createdAt.replace('T', ' ').slice(0, 19)} UTC
                </TD>
                <TD>
                  {r.buildId ? (
                    <button type="button" className="text-sm text-indigo-700 hover:underline" onClick={() => setOpen(open === r.id ? null : r.id)}>
                      #{r.buildNumber} {open === r.id ? '▴' : '▾'}
                    </button>
                  ) : (
                    '—'
                  )}
                </TD>
                <TD>
                  {r.canRollback && (
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={busy !== null}
                      onClick={() => {
                        if (confirm(`Roll back ${app} to v${r.version}? Its image and env vars are deployed as a new release.`))
                          void run(`rb${r.version}`, 'POST', `/api/apps/${encodeURIComponent(app)}/rollback`, { version: r.version }, {
                            running: `Rolling back to v${r.version}…`,
                            done: `Rolled back to v${r.version}`,
                            failed: `Rollback to v${r.version} failed`,
                          });
                      }}
                    >
                      {busy === `rb${r.version}` ? 'Rolling back…' : `Roll back to v${r.version}`}
                    </Button>
                  )}
                </TD>
              </TR>
              {open === r.id && r.buildId && (
                <TR>
                  <TD colSpan={7}>
                    <BuildLog buildId={r.buildId} initialStatus={(r.buildStatus as BuildLogStatus) ?? 'SUCCEEDED'} />
                  </TD>
                </TR>
              )}
            </Fragment>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
