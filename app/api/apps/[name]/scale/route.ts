import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';
import { scaleApp, type ScaleRequest } from '@/lib/deploys/scale-app';
import { MAX_QUANTITY } from '@/lib/model/formation';
import { TIER_NAMES } from '@/lib/model/tiers';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const ZQuantity = z.coerce.number().int().min(0, 'at least 0').max(MAX_QUANTITY, `at most ${MAX_QUANTITY}`);
const ZChange = z.union([
  z
    .object({
      quantity: ZQuantity.optional(),
      tier: z.string().transform((t) => t.toLowerCase()).pipe(z.enum(TIER_NAMES, { error: 'small, medium or large' })).optional(),
    })
    .strict(),
  ZQuantity,
]);
const ZScale = z
  .record(z.string().min(1).max(63), ZChange)
  .refine((body) => !('instances' in body && 'web' in body), { message: 'give either instances or web' })
  .transform((body): ScaleRequest =>
    Object.fromEntries(
      Object.entries(body).map(([type, change]) => [type === 'instances' ? 'web' : type, typeof change === 'number' ? { quantity: change } : change]),
    ),
  );

/**
 * POST /api/apps/<name>/scale — the process formation, Heroku style:
 *   {"web": 2, "worker": 1}  ·  {"worker": {"quantity": 1, "tier": "medium"}}  ·  {"instances": 2} (= web)
 * 202 with the deployment id; 400 for an unknown process type or a bad quantity, 409 when the
 * instances would not fit (the reason names request versus allocatable) — nothing changes then.
 */
export const POST = appRoute(async ({ actor, name, request }) => {
  const changes = await parseBody(request, ZScale);
  return NextResponse.json(await scaleApp(actor, name, changes), { status: 202 });
});
