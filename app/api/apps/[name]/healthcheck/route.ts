import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { setHealthCheck } from '@/lib/deploys/app-operations';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const ZHealth = z.object({
  healthcheck: z
    .object({
      path: z.string().regex(/^\/[^\s]*$/, 'must start with /').max(512),
      expectedStatus: z.coerce.number().int().min(100).max(599).default(200),
      timeoutMs: z.coerce.number().int().min(100).max(60_000).default(5_000),
      attempts: z.coerce.number().int().min(1).max(60).default(3),
    })
    .nullable(),
});

/** PUT /api/apps/<name>/healthcheck {healthcheck: {...} | null} — applies from the next release. */
export const PUT = appRoute(async ({ actor, name, request }) => {
  const { healthcheck } = await parseBody(request, ZHealth);
  await setHealthCheck(actor, name, healthcheck);
  return NextResponse.json({ healthcheck });
});
