'use client';

import { useCallback, useEffect, useState } from 'react';
import { useAppLiveStamp } from '@/components/apps/app-live';
import { Badge } from '@/components/ui/badge';
import { ApiError, apiFetch, describeApiError } from '@/lib/http/api-client';
import { BuildLog, buildStatusTone, type BuildLogStatus } from './build-log';

/** The slice of GET /api/apps/:name/builds this panel shows. */
type BuildRow = {
  id: string;
  number: number;
  status: BuildLogStatus;
  commitSha: string;
  commitMessage: string | null;
  template: string | null;
  failedStep: string | null;
  error: string | null;
  createdAt: string;
  durationMs: number | null;
};

/**
 * Builds of an app for the Deploys tab (place it inside a Card): recent builds (reloaded when the app page's live stream reports a change, and while one is active) and the
 * live log of the selected one (the newest by default). `<BuildsPanel appName="shop" />`.
 */
export function BuildsPanel({ appName, limit = 10, initialBuild }: { appName: string; limit?: number; initialBuild?: string }) {
  const [builds, setBuilds] = useState<BuildRow[] | null>(null);
  const [selected, setSelected] = useState<string | null>(initialBuild ?? null);
  // On an app page the live stream's change stamp moves with every build: reload then.
  const stamp = useAppLiveStamp();
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const { builds } = await apiFetch<{ builds: BuildRow[] }>(`/api/apps/${encodeURIComponent(appName)}/builds?limit=${limit}`);
      setError(null);
      setBuilds(builds);
    } catch (e) {
      setError(e instanceof ApiError && e.status ? `Could not load builds (${e.status})` : describeApiError(e));
    }
  }, [appName, limit]);

  useEffect(() => {
    void load();
  }, [load, stamp]);

  const active = builds?.some((b) => b.status === 'QUEUED' || b.status === 'RUNNING') ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void load(), 3_000);
    return () => clearInterval(timer);
  }, [active, load]);

  const current = builds?.find((b) => b.id === selected) ?? builds?.[0] ?? null;
  return (
    <div data-testid="builds-panel" className="grid gap-4 lg:grid-cols-[16rem_1fr]">
        <ul className="space-y-1 text-sm">
          {error && <li className="text-red-600">{error}</li>}
          {builds?.length === 0 && <li className="text-slate-500">No builds yet.</li>}
          {builds?.map((b) => (
            <li key={b.id}>
              <button
                type="button"
                onClick={() => setSelected(b.id)}
                className={`flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-100 ${current?.id === b.id ? 'bg-slate-100' : ''}`}
              >
                <span className="font-medium text-slate-900">#{b.number}</span>
                <code className="text-xs text-slate-500">{b.commitSha.slice(0, 7)}</code>
                <Badge tone={buildStatusTone[b.status]} className="ml-auto">
                  {b.status.toLowerCase()}
                </Badge>
              </button>
            </li>
          ))}
        </ul>
        {current && (
          <div className="min-w-0">
            <p className="mb-2 truncate text-sm text-slate-600">
              #{current.number} {current.commitMessage ?? ''}
              {current.template && <span className="ml-2 text-slate-400">{current.template.toLowerCase()}</span>}
              {current.durationMs !== null && <span className="ml-2 text-slate-400">{(current.durationMs / 1000).toFixed(1)} s</span>}
              {current.failedStep && <span className="ml-2 text-red-600">failed at {current.failedStep}</span>}
            </p>
            <BuildLog key={current.id} buildId={current.id} initialStatus={current.status} error={current.error} />
          </div>
        )}
    </div>
  );
}
