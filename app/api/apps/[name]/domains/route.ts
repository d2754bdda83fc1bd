import { NextResponse } from 'next/server';
import { addDomain, ZAddDomain } from '@/lib/domains/add-domain';
import { listDomains } from '@/lib/domains/list-domains';
import { updateDomainSettings, ZDomainSettings } from '@/lib/domains/update-domain-settings';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/apps/<name>/domains — the default and custom domains with DNS record and certificate, plus HTTPS settings. */
export const GET = appRoute(async ({ actor, name }) => NextResponse.json(await listDomains(actor, name)));

/** POST /api/apps/<name>/domains {hostname, certificate?, chain?, privateKey?} — without a certificate, ACME issues one. */
export const POST = appRoute(async ({ actor, name, request }) => {
  const input = await parseBody(request, ZAddDomain);
  return NextResponse.json({ domain: await addDomain(actor, name, input) }, { status: 201 });
});

/** PATCH /api/apps/<name>/domains {httpsRedirect?, hsts?} — per-app HTTPS options. */
export const PATCH = appRoute(async ({ actor, name, request }) => {
  const input = await parseBody(request, ZDomainSettings);
  return NextResponse.json({ settings: await updateDomainSettings(actor, name, input) });
});
