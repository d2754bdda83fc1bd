'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AppMetrics } from '@/lib/metrics/app-metrics';
import { CHART_MARGIN, timeAxisProps, timeLabel, valueAxisProps } from './time-axis';

/** p50 and p95 response time per step; steps without requests are gaps, not lines to zero. */
export function LatencyChart({ data }: { data: AppMetrics }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={data.requests} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...timeAxisProps(data.range, data.from, data.to)} />
        <YAxis {...valueAxisProps('ms')} />
        <Tooltip labelFormatter={(t) => timeLabel(Number(t))} formatter={(v) => (v === null ? '—' : `${v} ms`)} />
        <Legend verticalAlign="top" height={24} />
        <Line dataKey="p50Ms" name="p50" stroke="#4f46e5" dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
        <Line dataKey="p95Ms" name="p95" stroke="#db2777" dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
