import { NextResponse } from 'next/server';
import { renewDomain } from '@/lib/domains/renew-domain';
import { appRoute } from '@/lib/http/app-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const maxDuration = 240;

/** POST /api/apps/<name>/domains/<hostname>/renew — order a new ACME certificate now; answers with the outcome. */
export const POST = appRoute<{ name: string; hostname: string }>(async ({ actor, name, hostname }) =>
  NextResponse.json({ domain: await renewDomain(actor, name, hostname) }),
);
