import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { getAppMetrics, ZMetricsQuery } from '@/lib/metrics/app-metrics';

export const dynamic = 'force-dynamic';

/** CPU % and memory per process type, requests by status class with p50/p95, over ?range=15m|1h|24h. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const { range } = ZMetricsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await getAppMetrics(actor, name, range));
});
