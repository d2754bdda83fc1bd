'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AppMetrics } from '@/lib/metrics/app-metrics';
import { CHART_MARGIN, timeAxisProps, timeLabel, valueAxisProps } from './time-axis';

export const STATUS_COLOURS = { ok: '#16a34a', clientErrors: '#f59e0b', serverErrors: '#dc2626' } as const;

/** Requests per step as stacked bars by status class; an empty step is simply no bar. */
export function RequestsChart({ data }: { data: AppMetrics }) {
  const per = data.requestStepSeconds === 60 ? 'minute' : `${data.requestStepSeconds / 60} min`;
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data.requests} margin={CHART_MARGIN} barCategoryGap="15%">
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...timeAxisProps(data.range, data.from, data.to)} />
        <YAxis {...valueAxisProps(`requests / ${per}`)} allowDecimals={false} />
        <Tooltip labelFormatter={(t) => timeLabel(Number(t))} />
        <Legend verticalAlign="top" height={24} />
        <Bar dataKey="ok" name="2xx/3xx" stackId="status" fill={STATUS_COLOURS.ok} isAnimationActive={false} />
        <Bar dataKey="clientErrors" name="4xx" stackId="status" fill={STATUS_COLOURS.clientErrors} isAnimationActive={false} />
        <Bar dataKey="serverErrors" name="5xx" stackId="status" fill={STATUS_COLOURS.serverErrors} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
