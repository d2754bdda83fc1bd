import { describe, expect, it } from 'vitest';
import { aggregateAccessLines } from './access-log';

describe('aggregateAccessLines', () => {
  it('counts requests, 5xx, 4xx and response times per app and minute', () => {
    const line = (app: string, time: string, status: number, rt: number) =>
      JSON.stringify({ time, app, host: `${app}.localhost`, method: 'GET', uri: '/', status, request_time: rt });
    const buckets = aggregateAccessLines([
      line('shop', '2026-11-22T03:00:05+00:00', 200, 0.01),
      line('shop', '2026-11-22T03:00:50+00:00', 502, 0.03),
      line('shop', '2026-11-22T03:01:00+00:00', 200, 0.002),
      line('shop', '2026-11-22T03:01:10+00:00', 404, 0.001),
      line('', '2026-11-22T03:00:05+00:00', 404, 0),
      '{"broken',
    ]);
    expect(buckets).toEqual([
      { app: 'shop', minute: new Date('2026-11-22T03:00:00Z'), count: 2, errors: 1, clientErrors: 0, totalMs: 40, maxMs: 30, latency: [0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
      { app: 'shop', minute: new Date('2026-11-22T03:01:00Z'), count: 2, errors: 0, clientErrors: 1, totalMs: 3, maxMs: 2, latency: [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    ]);
  });
});
