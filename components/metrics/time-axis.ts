import type { MetricsRange } from '@/lib/metrics/app-metrics';

/**
 * What every metrics chart shares so their time axes line up: the same domain, the same ticks
 * (round times), the same tick labels, the same left axis width and margins.
 */
export const CHART_MARGIN = { top: 8, right: 16, bottom: 20, left: 8 };
export const Y_AXIS_WIDTH = 56;

const TICK_EVERY_MS: Record<MetricsRange, number> = { '15m': 3 * 60_000, '1h': 10 * 60_000, '24h': 4 * 60 * 60_000 };

export function timeTicks(range: MetricsRange, from: number, to: number): number[] {
  const every = TICK_EVERY_MS[range];
  const ticks: number[] = [];
  for (let t = Math.ceil(from / every) * every; t <= to; t += every) ticks.push(t);
  return ticks;
}

export function timeLabel(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Props for recharts' <XAxis> on the shared domain. */
export function timeAxisProps(range: MetricsRange, from: number, to: number) {
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain: [from, to],
    ticks: timeTicks(range, from, to),
    tickFormatter: timeLabel,
    allowDataOverflow: true,
    fontSize: 11,
    label: { value: 'time', position: 'insideBottomRight' as const, offset: -12, fontSize: 11, fill: '#64748b' },
  };
}

/** Props for a left <YAxis> with its unit written along it. */
export function valueAxisProps(label: string) {
  return {
    width: Y_AXIS_WIDTH,
    fontSize: 11,
    label: { value: label, angle: -90, position: 'insideLeft' as const, fontSize: 11, fill: '#64748b', style: { textAnchor: 'middle' as const } },
  };
}
