'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Input, useFollowScroll } from '@/components/ui';
import type { LogLineDto } from '@/lib/logs/log-line-dto';
import { AnsiText } from './ansi-text';

const MAX_LINES = 5000;

/**
 * Live tail of every instance of an app over SSE (GET /api/apps/<name>/logs?follow=1). Pause
 * keeps receiving but stops the view from moving (new lines are held and shown on resume);
 * the filter narrows what is shown; Download saves every stored line as a text file.
 */
export function LogViewer({ app }: { app: string }) {
  const [lines, setLines] = useState<LogLineDto[]>([]);
  const [held, setHeld] = useState<LogLineDto[]>([]);
  const [paused, setPaused] = useState(false);
  const [filter, setFilter] = useState('');
  const [state, setState] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  const pausedRef = useRef(paused);

  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  useEffect(() => {
    const source = new EventSource(`/api/apps/${encodeURIComponent(app)}/logs?follow=1&limit=500`);
    source.addEventListener('ready', () => setState('live'));
    source.addEventListener('open', () => setState('live'));
    source.addEventListener('error', () => setState('reconnecting'));
    source.addEventListener('line', (event) => {
      const line = JSON.parse((event as MessageEvent<string>).data) as LogLineDto;
      if (pausedRef.current) setHeld((h) => [...h, line].slice(-MAX_LINES));
      else setLines((l) => [...l, line].slice(-MAX_LINES));
    });
    return () => source.close();
  }, [app]);

  const resume = () => {
    setLines((l) => [...l, ...held].slice(-MAX_LINES));
    setHeld([]);
    setPaused(false);
  };

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? lines.filter((l) => l.line.toLowerCase().includes(needle) || l.instance.includes(needle)) : lines;
  }, [lines, filter]);

  const follow = useFollowScroll<HTMLDivElement>(shown, !paused);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Input
          aria-label="Filter log lines"
          placeholder="Filter…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="max-w-xs"
        />
        {paused ? (
          <Button variant="secondary" size="sm" onClick={resume}>
            Resume{held.length ? ` (${held.length} new)` : ''}
          </Button>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => setPaused(true)}>
            Pause
          </Button>
        )}
        <a
          href={`/api/apps/${encodeURIComponent(app)}/logs?download=1${filter ? `&q=${encodeURIComponent(filter)}` : ''}`}
          className="inline-flex h-8 items-center rounded-md px-3 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          download
        >
          Download
        </a>
        <span className="ml-auto text-xs text-slate-500" data-testid="log-state">
          {paused ? 'paused' : state}
        </span>
      </div>
      <div
        ref={follow.ref}
        onScroll={follow.onScroll}
        className="h-[32rem] overflow-auto rounded-lg bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-200"
        data-testid="log-lines"
        role="log"
        aria-live="off"
      >
        {shown.length === 0 && <p className="text-slate-500">No log lines yet.</p>}
        {shown.map((l) => (
          <div key={l.id} className="flex gap-2 whitespace-pre-wrap break-all" data-stream={l.stream}>
            <span className="shrink-0 text-slate-500">{l.ts.slice(11, 23)}</span>
            <span className="shrink-0 text-sky-400" title={l.instance}>
              {shortInstance(l.instance)}
            </span>
            <span className={`shrink-0 ${l.stream === 'stderr' ? 'text-red-400' : 'text-slate-600'}`}>
              {l.stream === 'stderr' ? 'err' : 'out'}
            </span>
            <span className="min-w-0 flex-1" data-testid="log-text">
              <AnsiText line={l.line} />
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** berth-<inst>-<app>-v3-web-1 → v3 web.1 */
function shortInstance(name: string): string {
  const match = /-v(\d+)-([a-z0-9]+)-(\d+)$/.exec(name);
  return match ? `v${match[1]} ${match[2]}.${match[3]}` : name;
}
