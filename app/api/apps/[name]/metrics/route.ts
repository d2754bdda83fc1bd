import { NextResponse } from 'next/server';
import { z } from 'zod';
import { findAppForActor } from '@/lib/auth/app-access';
import { appRoute } from '@/lib/http/app-route';
import { appMetrics, ZMetricsRange } from '@/lib/metrics/app-metrics';

export const dynamic = 'force-dynamic';

const ZQuery = z.object({ range: ZMetricsRange.default('15m') });

/** CPU % and memory per instance, and request stats, over ?range=15m|1h|24h. */
export const GET = appRoute(async ({ actor, name, request }) => {
  const app = await findAppForActor(actor, name, 'read');
  const { range } = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await appMetrics(app.id, range));
});
