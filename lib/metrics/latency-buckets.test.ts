import { describe, expect, it } from 'vitest';
import { addHistograms, LATENCY_BUCKETS, latencyBucket, latencyPercentile } from './latency-buckets';

describe('latency histogram', () => {
  it('puts a time in the first bucket whose bound holds it', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(5)).toBe(0);
    expect(latencyBucket(5.1)).toBe(1);
    expect(latencyBucket(99)).toBe(4);
    expect(latencyBucket(60_000)).toBe(LATENCY_BUCKETS - 1);
  });

  it('adds histograms of different lengths', () => {
    expect(addHistograms([1, 2], [0, 1, 5])).toEqual([1, 3, 5]);
    expect(addHistograms([], [])).toEqual([]);
  });

  it('reads p50 and p95 back, interpolated inside the bucket and capped by the max', () => {
    // 90 requests ≤ 5 ms, 10 requests in (100, 250] ms.
    const h = [90, 0, 0, 0, 0, 10];
    expect(latencyPercentile(h, 0.5)).toBe(2.8); // 50th of 90 in [0, 5]
    expect(latencyPercentile(h, 0.95)).toBe(175); // halfway through (100, 250]
    expect(latencyPercentile(h, 0.95, 120)).toBe(120);
    expect(latencyPercentile([], 0.5)).toBeNull();
    expect(latencyPercentile([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4], 0.5, 30_000)).toBe(20_000);
  });
});
