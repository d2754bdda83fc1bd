import { addHistograms, latencyPercentile } from './latency-buckets';

export type RequestPoint = {
  t: number;
  count: number;
  /** 1xx–3xx answers. */
  ok: number;
  clientErrors: number;
  serverErrors: number;
  /** Null in a step without requests (the latency chart leaves a gap there). */
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
};
/** A RequestStat row (one app, one minute). */
export type StatRow = { minute: Date; count: number; errors: number; clientErrors: number; maxMs: number; latency: number[] };

/** One point per step from `from` to `to` (empty steps as zero), minutes summed into steps. */
export function requestSeries(stats: StatRow[], from: number, to: number, stepSeconds: number): RequestPoint[] {
  const step = stepSeconds * 1000;
  const sums = new Map<number, { count: number; errors: number; clientErrors: number; maxMs: number; latency: number[] }>();
  for (const s of stats) {
    const t = Math.floor(s.minute.getTime() / step) * step;
    const sum = sums.get(t) ?? { count: 0, errors: 0, clientErrors: 0, maxMs: 0, latency: [] };
    sum.count += s.count;
    sum.errors += s.errors;
    sum.clientErrors += s.clientErrors;
    sum.maxMs = Math.max(sum.maxMs, s.maxMs);
    sum.latency = addHistograms(sum.latency, s.latency);
    sums.set(t, sum);
  }
  const points: RequestPoint[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const s = sums.get(t);
    const known = s && s.count > 0;
    points.push({
      t,
      count: s?.count ?? 0,
      ok: s ? Math.max(0, s.count - s.errors - s.clientErrors) : 0,
      clientErrors: s?.clientErrors ?? 0,
      serverErrors: s?.errors ?? 0,
      p50Ms: known ? latencyPercentile(s.latency, 0.5, s.maxMs) : null,
      p95Ms: known ? latencyPercentile(s.latency, 0.95, s.maxMs) : null,
      maxMs: known ? round(s.maxMs) : null,
    });
  }
  return points;
}

const round = (v: number) => Math.round(Number(v) * 100) / 100;
