'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AppMetrics } from '@/lib/metrics/app-metrics';
import { CHART_MARGIN, timeAxisProps, timeLabel, valueAxisProps } from './time-axis';

export const SERIES_COLOURS = ['#4f46e5', '#059669', '#d97706', '#0891b2', '#7c3aed', '#65a30d', '#db2777', '#dc2626'];

/** One line per process type (web, worker, …) on the shared time axis. */
export function ResourceChart({
  data,
  points,
  axisLabel,
  unit,
}: {
  data: AppMetrics;
  points: AppMetrics['cpu'];
  axisLabel: string;
  unit: string;
}) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={points} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis {...timeAxisProps(data.range, data.from, data.to)} />
        <YAxis {...valueAxisProps(axisLabel)} />
        <Tooltip labelFormatter={(t) => timeLabel(Number(t))} formatter={(v) => `${v}${unit}`} />
        <Legend verticalAlign="top" height={24} />
        {data.processTypes.map((type, i) => (
          <Line
            key={type}
            dataKey={type}
            name={type}
            stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
