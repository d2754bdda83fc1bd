import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { getAddonMetrics } from '@/lib/addons/addon-metrics';
import { ZMetricsQuery } from '@/lib/metrics/app-metrics';

export const dynamic = 'force-dynamic';

/** GET …/addons/<id>/metrics?range=15m|1h|24h — CPU % and memory of the add-on's container. */
export const GET = appRoute<{ name: string; id: string }>(async ({ actor, name, id, request }) => {
  const { range } = ZMetricsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await getAddonMetrics(actor, name, id, range));
});
