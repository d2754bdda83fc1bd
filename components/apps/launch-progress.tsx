'use client';
import { useEffect, useRef, useState } from 'react';

type StepState = 'pending' | 'running' | 'done' | 'failed';
type Steps = { repository: StepState; build: StepState; start: StepState; health: StepState; live: StepState };

const LABELS: [keyof Steps, string][] = [
  ['repository', 'Repository'],
  ['build', 'Building'],
  ['start', 'Starting'],
  ['health', 'Health check'],
  ['live', 'Live'],
];

const initial: Steps = { repository: 'done', build: 'pending', start: 'pending', health: 'pending', live: 'pending' };

/* eslint-disable @typescript-eslint/no-explicit-any -- SSE payloads are JSON from our own API */

/**
 * The first deploy (and every later one) as it happens: repository ✓ → building (live log) →
 * starting → health check → live at URL. Reads GET /api/apps/<name>/progress (SSE); the first
 * event is the current state from Postgres, so opening the page late shows the same picture.
 */
export function LaunchProgress({ name, url: initialUrl }: { name: string; url?: string }) {
  const [steps, setSteps] = useState<Steps>(initial);
  const [lines, setLines] = useState<string[]>([]);
  const [url, setUrl] = useState<string | undefined>(initialUrl);
  const [message, setMessage] = useState<string | null>(null);
  const [build, setBuild] = useState<{ number: number; commitSha: string } | null>(null);
  const logRef = useRef<HTMLPreElement>(null);

  useEffect(() => {
    const source = new EventSource(`/api/apps/${encodeURIComponent(name)}/progress`);
    const on = (type: string, fn: (data: any) => void) =>
      source.addEventListener(type, (e) => fn(JSON.parse((e as MessageEvent).data)));
    let followedBuild: string | null = null;

    on('snapshot', (app) => {
      setUrl(app.url);
      const live = app.status === 'live';
      if (live && !followedBuild) {
        setSteps({ repository: 'done', build: 'done', start: 'done', health: 'done', live: 'done' });
      }
    });
    on('build', (b) => {
      if (b.buildId !== followedBuild) {
        followedBuild = b.buildId;
        setLines([]);
        setMessage(null);
        setSteps({ ...initial });
      }
      setBuild({ number: b.number, commitSha: b.commitSha });
      const state: StepState =
        b.status === 'SUCCEEDED' ? 'done' : b.status === 'FAILED' || b.status === 'CANCELLED' ? 'failed' : 'running';
      setSteps((s) => ({ ...s, build: state }));
      if (b.status === 'FAILED') setMessage(`Build failed${b.failedStep ? ` at ${b.failedStep}` : ''}: ${b.error ?? 'see the log'}`);
      if (b.status === 'CANCELLED') setMessage('Superseded by a newer push');
    });
    on('log', (l) => setLines((prev) => (prev.length > 2000 ? [...prev.slice(-1500), l.line] : [...prev, l.line])));
    on('release', (r) => {
      if (r.status === 'DEPLOYING' || r.status === 'PENDING') setSteps((s) => ({ ...s, start: s.start === 'done' ? 'done' : 'running' }));
      if (r.status === 'LIVE') setSteps((s) => ({ ...s, build: 'done', start: 'done', health: 'done', live: 'done' }));
      if (r.status === 'FAILED') {
        setSteps((s) => ({ ...s, start: s.start === 'done' ? 'done' : 'failed', health: s.start === 'done' ? 'failed' : s.health }));
        setMessage(`Deploy of v${r.version} failed: ${r.failureReason ?? 'unknown reason'}`);
      }
    });
    on('progress', (p) => {
      if (p.step === 'start' || p.step === 'deploy') {
        setSteps((s) => ({ ...s, start: p.status === 'failed' ? 'failed' : p.status === 'done' ? 'done' : 'running' }));
      }
      if (p.step === 'health') {
        setSteps((s) => ({ ...s, start: 'done', health: p.status === 'failed' ? 'failed' : p.status === 'done' ? 'done' : 'running' }));
      }
      if (p.step === 'live') {
        if (p.url) setUrl(p.url);
        setSteps({ repository: 'done', build: 'done', start: 'done', health: 'done', live: 'done' });
      }
      if (p.step === 'failed') setMessage(p.message);
      if (p.message && p.step !== 'live') setLines((prev) => [...prev, p.output ? `       ${p.message}` : `-----> ${p.message}`]);
    });
    return () => source.close();
  }, [name]);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="launch-progress">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-900">
          Deploy progress
          {build && (
            <span className="ml-2 font-normal text-slate-500">
              build #{build.number} · {build.commitSha.slice(0, 7)}
            </span>
          )}
        </h2>
      </div>
      <ol className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        {LABELS.map(([key, label]) => (
          <li key={key} className="flex items-center gap-1.5" data-testid={`step-${key}`} data-state={steps[key]}>
            <StepIcon state={steps[key]} />
            <span className={steps[key] === 'pending' ? 'text-slate-400' : 'text-slate-800'}>{label}</span>
          </li>
        ))}
      </ol>
      {steps.live === 'done' && url && (
        <p className="text-sm" data-testid="live-url">
          Live at{' '}
          <a href={url} target="_blank" rel="noreferrer noopener" className="font-medium text-indigo-700 underline">
            {url}
          </a>
        </p>
      )}
      {message && (
        <p role="alert" className="text-sm text-red-700" data-testid="progress-error">
          {message}
        </p>
      )}
      {lines.length > 0 && (
        <pre
          ref={logRef}
          className="max-h-72 overflow-auto rounded-md bg-slate-950 p-3 text-xs leading-5 text-slate-100"
          data-testid="build-log"
        >
          {lines.join('\n')}
        </pre>
      )}
    </section>
  );
}

function StepIcon({ state }: { state: StepState }) {
  if (state === 'done') return <span aria-label="done" className="text-green-600">✓</span>;
  if (state === 'failed') return <span aria-label="failed" className="text-red-600">✗</span>;
  if (state === 'running')
    return <span aria-label="running" className="inline-block size-3 animate-spin rounded-full border-2 border-indigo-600 border-t-transparent" />;
  return <span aria-label="pending" className="inline-block size-3 rounded-full border-2 border-slate-300" />;
}
