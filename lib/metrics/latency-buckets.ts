/**
 * Response times as a fixed histogram: per minute, how many requests took at most each bound.
 * Counts add up across ingestion passes and across minutes (percentiles would not), and p50/p95
 * are read back from the summed counts. Bounds in milliseconds; the last bucket is everything
 * slower than the last bound. Changing the bounds invalidates stored histograms: append only.
 */
export const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

export function latencyBucket(ms: number): number {
  const i = LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? LATENCY_BOUNDS_MS.length : i;
}

/** Element-wise sum of histograms of any lengths (older rows may hold an empty array). */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The q-quantile (0 < q ≤ 1) in ms, interpolated linearly inside its bucket (the first bucket
 * starts at 0; the open last one is reported as `maxMs` when known, else its lower bound).
 * Null for an empty histogram.
 */
export function latencyPercentile(histogram: readonly number[], q: number, maxMs?: number): number | null {
  const total = histogram.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i] ?? 0;
    if (n === 0 || seen + n < rank) {
      seen += n;
      continue;
    }
    const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
    const upper = i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i] : Math.max(lower, maxMs ?? lower);
    const value = lower + ((rank - seen) / n) * (upper - lower);
    return Math.round((maxMs !== undefined ? Math.min(value, Math.max(maxMs, 0)) : value) * 10) / 10;
  }
  return maxMs ?? LATENCY_BOUNDS_MS.at(-1)!;
}
