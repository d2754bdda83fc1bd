'use client';

import { useState } from 'react';
import { usePolledJson } from '@/components/ui/use-polled-json';
import type { AppMetrics, MetricsRange } from '@/lib/metrics/app-metrics';
import { LatencyChart } from './latency-chart';
import { RequestsChart } from './requests-chart';
import { ResourceChart } from './resource-chart';

const RANGES: MetricsRange[] = ['15m', '1h', '24h'];

/**
 * An app's charts on one time axis: CPU and memory per process type, requests split by status
 * class, p50/p95 response time. Refreshes every 10 s.
 */
export function MetricsCharts({ app }: { app: string }) {
  const [range, setRange] = useState<MetricsRange>('15m');
  const { data, error } = usePolledJson<AppMetrics>(`/api/apps/${encodeURIComponent(app)}/metrics?range=${range}`);

  const anyRequests = data?.requests.some((p) => p.count > 0) ?? false;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Time range">
        {RANGES.map((r) => (
          <button
            key={r}
            type="button"
            onClick={() => setRange(r)}
            aria-pressed={r === range}
            className={`rounded-md px-3 py-1 text-sm font-medium ${r === range ? 'bg-indigo-600 text-white' : 'text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50'}`}
          >
            {r}
          </button>
        ))}
        {error && <span className="ml-3 text-sm text-red-600">Could not load metrics: {error}</span>}
      </div>
      <Panel title="CPU % per process type (100 % = one core)" testId="cpu-chart" loading={!data} empty={!data || data.cpu.length === 0}>
        {data && <ResourceChart data={data} points={data.cpu} axisLabel="CPU %" unit=" %" />}
      </Panel>
      <Panel title="Memory per process type" testId="memory-chart" loading={!data} empty={!data || data.memory.length === 0}>
        {data && <ResourceChart data={data} points={data.memory} axisLabel="MB" unit=" MB" />}
      </Panel>
      <Panel title="Requests by status" testId="requests-chart" loading={!data} empty={!anyRequests}>
        {data && <RequestsChart data={data} />}
      </Panel>
      <Panel title="Response time (p50 / p95)" testId="latency-chart" loading={!data} empty={!anyRequests}>
        {data && <LatencyChart data={data} />}
      </Panel>
    </div>
  );
}

function Panel({ title, testId, loading, empty, children }: { title: string; testId: string; loading: boolean; empty: boolean; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{title}</h2>
      {loading ? (
        <p className="py-8 text-center text-sm text-slate-500">Loading…</p>
      ) : empty ? (
        <p className="py-8 text-center text-sm text-slate-500">No data in this range yet.</p>
      ) : (
        children
      )}
    </section>
  );
}
