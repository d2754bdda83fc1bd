import { NextResponse } from 'next/server';
import { z } from 'zod';
import { findAppForActor } from '@/lib/apps/access';
import { requireActor } from '@/lib/auth/actor';
import { handle } from '@/lib/http/respond';
import { appMetrics, ZMetricsRange } from '@/lib/metrics/app-metrics';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

const ZQuery = z.object({ range: ZMetricsRange.default('15m') });

/** CPU % and memory per instance, and request stats, over ?range=15m|1h|24h. */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const app = await findAppForActor(actor, (await params).name, 'read');
  const { range } = ZQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await appMetrics(app.id, range));
});
