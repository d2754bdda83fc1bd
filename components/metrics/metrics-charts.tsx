'use client';

import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { apiFetch, describeApiError } from '@/lib/http/api-client';
import type { AppMetrics, MetricsRange } from '@/lib/metrics/app-metrics';

const COLOURS = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2', '#7c3aed', '#65a30d', '#db2777'];
const RANGES: MetricsRange[] = ['15m', '1h', '24h'];

/** CPU % and memory per instance, and request rate/latency, for one app; refreshes every 10 s. */
export function MetricsCharts({ app }: { app: string }) {
  const [range, setRange] = useState<MetricsRange>('15m');
  const [data, setData] = useState<AppMetrics | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const json = await apiFetch<AppMetrics>(`/api/apps/${encodeURIComponent(app)}/metrics?range=${range}`);
        if (!stop) {
          setData(json);
          setError(null);
        }
      } catch (e) {
        if (!stop) setError(describeApiError(e));
      }
    };
    void load();
    const timer = setInterval(load, 10_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [app, range]);

  const time = (t: number) =>
    new Date(t).toLocaleTimeString([], range === '24h' ? { hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-1" role="group" aria-label="Time range">
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
      <Panel title="CPU %" testId="cpu-chart" empty={!data || data.cpu.length === 0}>
        {data && <Chart points={data.cpu} instances={data.instances} time={time} unit="%" />}
      </Panel>
      <Panel title="Memory (MB)" testId="memory-chart" empty={!data || data.memory.length === 0}>
        {data && <Chart points={data.memory} instances={data.instances} time={time} unit=" MB" />}
      </Panel>
      <Panel title="Requests per minute / avg response time (ms)" testId="requests-chart" empty={!data || data.requests.length === 0}>
        {data && (
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={data.requests} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={time} fontSize={11} />
              <YAxis yAxisId="count" fontSize={11} allowDecimals={false} />
              <YAxis yAxisId="ms" orientation="right" fontSize={11} />
              <Tooltip labelFormatter={(t) => time(Number(t))} />
              <Legend />
              <Line yAxisId="count" dataKey="count" name="requests" stroke="#4f46e5" dot={false} isAnimationActive={false} />
              <Line yAxisId="count" dataKey="errors" name="5xx" stroke="#dc2626" dot={false} isAnimationActive={false} />
              <Line yAxisId="ms" dataKey="avgMs" name="avg ms" stroke="#059669" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </Panel>
    </div>
  );
}

function Panel({ title, testId, empty, children }: { title: string; testId: string; empty: boolean; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{title}</h2>
      {empty ? <p className="py-8 text-center text-sm text-slate-500">No data in this range yet.</p> : children}
    </section>
  );
}

function Chart({
  points,
  instances,
  time,
  unit,
}: {
  points: AppMetrics['cpu'];
  instances: string[];
  time: (t: number) => string;
  unit: string;
}) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={time} fontSize={11} />
        <YAxis fontSize={11} unit={unit.trim() === '%' ? '%' : ''} />
        <Tooltip labelFormatter={(t) => time(Number(t))} formatter={(v) => `${v}${unit}`} />
        <Legend formatter={(name: string) => shortName(name)} />
        {instances.map((name, i) => (
          <Line
            key={name}
            dataKey={name}
            name={name}
            stroke={COLOURS[i % COLOURS.length]}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

function shortName(name: string): string {
  const match = /-v(\d+)-([a-z0-9]+)-(\d+)$/.exec(name);
  return match ? `v${match[1]} ${match[2]}.${match[3]}` : name;
}
