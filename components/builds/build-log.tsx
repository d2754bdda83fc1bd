'use client';

import { useEffect, useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { useFollowScroll } from '@/components/ui/use-follow-scroll';
import { CancelBuildButton } from './cancel-build-button';

export type BuildLogStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
type Line = { seq: number; line: string };

/** Badge colour of each build status (also used by the builds list). */
export const buildStatusTone: Record<BuildLogStatus, BadgeTone> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  SUCCEEDED: 'green',
  FAILED: 'red',
  CANCELLED: 'yellow',
};

/**
 * Live-following build log: history then live lines over SSE (/api/builds/:id/log?follow=1),
 * until the `done` event. Lines are rendered as text, never as HTML (build output is
 * attacker-controlled: package scripts print whatever they like). Sticks to the bottom while
 * the reader is at the bottom; scrolling up pauses that.
 */
export function BuildLog({
  buildId,
  initialStatus = 'RUNNING',
  error,
  className,
}: {
  buildId: string;
  initialStatus?: BuildLogStatus;
  /** The build's stored failure reason, shown under the log when it failed. */
  error?: string | null;
  className?: string;
}) {
  const [lines, setLines] = useState<Line[]>([]);
  const [status, setStatus] = useState<BuildLogStatus>(initialStatus);
  const [connection, setConnection] = useState<'live' | 'reconnecting' | 'closed'>('live');

  useEffect(() => {
    setLines([]);
    const source = new EventSource(`/api/builds/${encodeURIComponent(buildId)}/log?follow=1`);
    source.addEventListener('line', (event) => {
      const line = JSON.parse((event as MessageEvent).data) as Line;
      setLines((prev) => (prev.length && prev[prev.length - 1].seq >= line.seq ? prev : [...prev, line]));
      setStatus((s) => (s === 'QUEUED' ? 'RUNNING' : s));
      setConnection('live');
    });
    source.addEventListener('done', (event) => {
      setStatus((JSON.parse((event as MessageEvent).data) as { status: BuildLogStatus }).status);
      setConnection('closed');
      source.close();
    });
    // EventSource reconnects by itself with Last-Event-ID; the server resumes after it.
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    return () => source.close();
  }, [buildId]);

  const follow = useFollowScroll<HTMLPreElement>(lines);

  const active = status === 'QUEUED' || status === 'RUNNING';
  return (
    <div className={className} data-testid="build-log">
      <div className="mb-2 flex items-center gap-3">
        <Badge tone={buildStatusTone[status]} data-testid="build-status">
          {status.toLowerCase()}
        </Badge>
        {active && connection === 'reconnecting' && <span className="text-xs text-slate-500">reconnecting…</span>}
        {active && <CancelBuildButton buildId={buildId} />}
      </div>
      <pre
        ref={follow.ref}
        onScroll={follow.onScroll}
        className="max-h-[28rem] overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 whitespace-pre-wrap break-all text-slate-100"
      >
        {lines.length === 0 && <span className="text-slate-500">{active ? 'Waiting for output…' : 'No output.'}</span>}
        {lines.map((l) => (
          <div key={l.seq} className={l.line.startsWith(' !') ? 'text-red-300' : l.line.startsWith('----->') ? 'text-sky-300' : undefined}>
            {l.line}
          </div>
        ))}
      </pre>
      {status === 'FAILED' && error && (
        <p className="mt-2 text-sm whitespace-pre-wrap text-red-700" data-testid="build-error">
          {error.split('\n\nLast log lines:')[0]}
        </p>
      )}
    </div>
  );
}
