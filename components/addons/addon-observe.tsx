'use client';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AddonMetrics } from '@/lib/addons/addon-metrics';
import type { LogLineDto } from '@/lib/logs/log-line-dto';
import { usePolledJson } from '@/components/ui/use-polled-json';

/**
 * CPU %, memory and the server log of one add-on's container (sampled and shipped like app
 * instances), refreshed every 10 s while shown.
 */
export function AddonObserve({ base }: { base: string }) {
  const { data: metrics, error: metricsError } = usePolledJson<AddonMetrics>(`${base}/metrics?range=15m`);
  const { data: log, error: logError } = usePolledJson<{ lines: LogLineDto[] }>(`${base}/logs?limit=200`);
  const lines = log?.lines ?? [];
  const error = metricsError ?? logError;

  const time = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const points = metrics?.points ?? [];
  return (
    <div className="space-y-3">
      {error && <p className="text-sm text-red-600">Could not load: {error}</p>}
      <div className="grid gap-3 md:grid-cols-2">
        <SmallChart title="CPU % (15 min)" testId="addon-cpu-chart" points={points} dataKey="cpu" unit="%" time={time} />
        <SmallChart
          title={`Memory MB (15 min)${metrics?.memoryLimitMb ? `, limit ${metrics.memoryLimitMb} MB` : ''}`}
          testId="addon-memory-chart"
          points={points}
          dataKey="memoryMb"
          unit=" MB"
          time={time}
        />
      </div>
      <section data-testid="addon-logs">
        <h3 className="mb-1 text-sm font-semibold text-slate-700">Server log</h3>
        {lines.length === 0 ? (
          <p className="text-sm text-slate-500">No lines yet.</p>
        ) : (
          <pre className="max-h-64 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
            {lines.map((l) => `${new Date(l.ts).toLocaleTimeString()} ${l.line}`).join('\n')}
          </pre>
        )}
      </section>
    </div>
  );
}

function SmallChart(props: {
  title: string;
  testId: string;
  points: AddonMetrics['points'];
  dataKey: 'cpu' | 'memoryMb';
  unit: string;
  time: (t: number) => string;
}) {
  return (
    <section className="rounded border border-slate-200 p-2" data-testid={props.testId} data-points={props.points.length}>
      <h3 className="mb-1 text-sm font-semibold text-slate-700">{props.title}</h3>
      {props.points.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">No samples yet.</p>
      ) : (
        <ResponsiveContainer width="100%" height={140}>
          <LineChart data={props.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={props.time} fontSize={10} />
            <YAxis fontSize={10} />
            <Tooltip labelFormatter={(t) => props.time(Number(t))} formatter={(v) => `${v}${props.unit}`} />
            <Line dataKey={props.dataKey} stroke="#4f46e5" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </section>
  );
}
