import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { handle, parseBody } from '@/lib/http/respond';
import { setHealthCheck } from '@/lib/deploys/app-operations';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

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
export const PUT = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  const { healthcheck } = await parseBody(request, ZHealth);
  await setHealthCheck(actor, name, healthcheck);
  return NextResponse.json({ healthcheck });
});
