import { describe, expect, it } from 'vitest';
import { requestSeries } from './request-series';

const at = (iso: string) => new Date(iso);

describe('requestSeries', () => {
  const from = at('2026-11-22T03:00:00Z').getTime();
  const to = at('2026-11-22T03:03:30Z').getTime();

  it('one point per minute, empty minutes as zero with no latency, status classes split', () => {
    const points = requestSeries(
      [
        { minute: at('2026-11-22T03:00:00Z'), count: 10, errors: 1, clientErrors: 3, maxMs: 40, latency: [6, 0, 0, 4] },
        { minute: at('2026-11-22T03:02:00Z'), count: 2, errors: 0, clientErrors: 0, maxMs: 3, latency: [2] },
      ],
      from,
      to,
      60,
    );
    expect(points.map((p) => p.t)).toEqual([0, 1, 2, 3].map((m) => from + m * 60_000));
    expect(points[0]).toMatchObject({ count: 10, ok: 6, clientErrors: 3, serverErrors: 1, p50Ms: 4.2, maxMs: 40 });
    expect(points[0].p95Ms).toBeGreaterThan(25);
    expect(points[1]).toEqual({ t: from + 60_000, count: 0, ok: 0, clientErrors: 0, serverErrors: 0, p50Ms: null, p95Ms: null, maxMs: null });
    expect(points[2]).toMatchObject({ count: 2, ok: 2, p50Ms: 2.5 });
  });

  it('sums minutes into longer steps', () => {
    const points = requestSeries(
      [
        { minute: at('2026-11-22T03:01:00Z'), count: 1, errors: 0, clientErrors: 1, maxMs: 1, latency: [1] },
        { minute: at('2026-11-22T03:09:00Z'), count: 2, errors: 2, clientErrors: 0, maxMs: 2, latency: [2] },
      ],
      from,
      from + 20 * 60_000,
      600,
    );
    expect(points.map((p) => [p.count, p.clientErrors, p.serverErrors])).toEqual([
      [3, 1, 2],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});
