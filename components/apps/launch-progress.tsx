'use client';
import { useEffect, useRef } from 'react';
import type { LaunchState, LaunchStep, StepState } from '@/lib/live/launch-state';
import { useAppLive } from './app-live';

const LABELS: [LaunchStep, string][] = [
  ['repository', 'Repository'],
  ['build', 'Building'],
  ['start', 'Starting'],
  ['health', 'Health check'],
  ['live', 'Live'],
];

/**
 * The first deploy (and every later one) as it happens: repository ✓ → building (live log) →
 * starting → health check → live at URL. Shown once the stream follows a build (kept after it
 * ends, so "Live at …" stays readable); rollbacks, redeploys and env changes have their own notices. State: lib/live/launch-state.ts,
 * fed by the app page's one live stream (AppLiveProvider).
 */
export function LaunchProgress() {
  const { state, launch } = useAppLive();
  if (!launch.followedBuild && state.status !== 'building') return null;
  const { steps, lines, url, message, build } = launch;
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="launch-progress">
      <ProgressHeader build={build} />
      <StepList steps={steps} />
      {steps.live === 'done' && url && <LiveUrl url={url} />}
      {message && (
        <p role="alert" className="text-sm text-red-700" data-testid="progress-error">
          {message}
        </p>
      )}
      {lines.length > 0 && <ProgressLog lines={lines} />}
    </section>
  );
}

function ProgressHeader({ build }: { build: LaunchState['build'] }) {
  return (
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
  );
}

function StepList({ steps }: { steps: LaunchState['steps'] }) {
  return (
    <ol className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      {LABELS.map(([key, label]) => (
        <li key={key} className="flex items-center gap-1.5" data-testid={`step-${key}`} data-state={steps[key]}>
          <StepIcon state={steps[key]} />
          <span className={steps[key] === 'pending' ? 'text-slate-400' : 'text-slate-800'}>{label}</span>
        </li>
      ))}
    </ol>
  );
}

function LiveUrl({ url }: { url: string }) {
  return (
    <p className="text-sm" data-testid="live-url">
      Live at{' '}
      <a href={url} target="_blank" rel="noreferrer noopener" className="font-medium text-indigo-700 underline">
        {url}
      </a>
    </p>
  );
}

/** The build log and deploy messages, kept scrolled to the newest line. */
function ProgressLog({ lines }: { lines: string[] }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <pre ref={ref} className="max-h-72 overflow-auto rounded-md bg-slate-950 p-3 text-xs leading-5 text-slate-100" data-testid="build-log">
      {lines.join('\n')}
    </pre>
  );
}

function StepIcon({ state }: { state: StepState }) {
  if (state === 'done') return <span aria-label="done" className="text-green-600">✓</span>;
  if (state === 'failed') return <span aria-label="failed" className="text-red-600">✗</span>;
  if (state === 'running')
    return <span aria-label="running" className="inline-block size-3 animate-spin rounded-full border-2 border-indigo-600 border-t-transparent" />;
  return <span aria-label="pending" className="inline-block size-3 rounded-full border-2 border-slate-300" />;
}
