import { LATENCY_BUCKETS, latencyBucket } from '../latency-buckets';

/**
 * Pure parsing/aggregation of the edge proxy's access log (JSON lines, format in
 * lib/proxy/render-config.ts): per app and minute, request count, 5xx and 4xx counts, response
 * times (sum, max, histogram for p50/p95). `request_time` is nginx's whole request time, which
 * includes the upstream's (`upstream_time`) and the client's share.
 */
export type RequestBucket = {
  app: string;
  minute: Date;
  count: number;
  errors: number;
  clientErrors: number;
  totalMs: number;
  maxMs: number;
  latency: number[];
};

type AccessLine = { time?: string; app?: string; status?: number; request_time?: number };

export function aggregateAccessLines(lines: string[]): RequestBucket[] {
  const buckets = new Map<string, RequestBucket>();
  for (const raw of lines) {
    let entry: AccessLine;
    try {
      entry = JSON.parse(raw) as AccessLine;
    } catch {
      continue;
    }
    if (!entry.app || !entry.time) continue; // default server (unknown host) or a partial line
    const time = Date.parse(entry.time);
    if (Number.isNaN(time)) continue;
    const minute = new Date(Math.floor(time / 60_000) * 60_000);
    const key = `${entry.app}|${minute.getTime()}`;
    const ms = Math.max(0, Number(entry.request_time ?? 0) * 1000);
    const bucket = buckets.get(key) ?? {
      app: entry.app,
      minute,
      count: 0,
      errors: 0,
      clientErrors: 0,
      totalMs: 0,
      maxMs: 0,
      latency: new Array<number>(LATENCY_BUCKETS).fill(0),
    };
    bucket.count += 1;
    const status = Number(entry.status);
    if (status >= 500) bucket.errors += 1;
    else if (status >= 400) bucket.clientErrors += 1;
    bucket.latency[latencyBucket(ms)] += 1;
    bucket.totalMs += ms;
    bucket.maxMs = Math.max(bucket.maxMs, ms);
    buckets.set(key, bucket);
  }
  return [...buckets.values()];
}
