import { NextResponse } from 'next/server';
import { findAppForActor } from '@/lib/apps/access';
import { requireActor } from '@/lib/auth/actor';
import { handle, parseBody } from '@/lib/http/respond';
import { setLogRetention, ZLogRetention } from '@/lib/logs/set-log-retention';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

/** The app's log retention: { maxBytes, days }. */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const app = await findAppForActor(actor, (await params).name, 'read');
  return NextResponse.json({ retention: { maxBytes: app.logRetentionBytes, days: app.logRetentionDays } });
});

/** Change it: { maxBytes?: 64 KB–1 GB, days?: 1–90 }; enforced by the worker within minutes. */
export const PUT = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZLogRetention);
  return NextResponse.json({ retention: await setLogRetention(actor, (await params).name, input) });
});
