import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { getWebhookSettings, updateWebhookSettings, ZUpdateWebhook } from '@/lib/apps/webhook-settings';
import { handleWebhook } from '@/lib/git/webhook';
import { readBodyBytes } from '@/lib/http/read-body';
import { handle, parseBody } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };
const MAX_BODY = 5 * 1024 * 1024;

/** POST — GitHub/Gitea push webhook, authenticated by its HMAC signature (no session). */
export const POST = handle(async (request: Request, ctx: Ctx) => {
  const { name } = await ctx.params;
  const rawBody = await readBodyBytes(request, MAX_BODY); // 413 as soon as it passes 5 MB
  const result = await handleWebhook({ name, headers: request.headers, rawBody });
  return NextResponse.json(result, { status: result.status === 'queued' ? 202 : 200 });
});

/** GET — webhook URL, secret and remote (app members). */
export const GET = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  return NextResponse.json(await getWebhookSettings(actor, name));
});

/** PATCH {remoteUrl?, regenerateSecret?} (app members). */
export const PATCH = handle(async (request: Request, ctx: Ctx) => {
  const actor = await requireActor(request);
  const { name } = await ctx.params;
  return NextResponse.json(await updateWebhookSettings(actor, name, await parseBody(request, ZUpdateWebhook)));
});
