import { NextResponse } from 'next/server';
import { deleteEnv } from '@/lib/releases/change-env';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** DELETE /api/apps/<name>/env/<KEY> — removes it and deploys a new release without it. */
export const DELETE = appRoute<{ name: string; key: string }>(async ({ actor, name, key }) => {
  return NextResponse.json(await deleteEnv(actor, name, key), { status: 202 });
});
