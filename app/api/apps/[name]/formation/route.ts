import { NextResponse } from 'next/server';
import { appRoute } from '@/lib/http/app-route';
import { getFormation } from '@/lib/deploys/app-formation';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/formation — per process type: quantity, tier (request/limit), instances up; the tiers. */
export const GET = appRoute(async ({ actor, name }) => NextResponse.json({ formation: await getFormation(actor, name) }));
