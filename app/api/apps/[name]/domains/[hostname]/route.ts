import { NextResponse } from 'next/server';
import { getDomain } from '@/lib/domains/list-domains';
import { removeDomain } from '@/lib/domains/remove-domain';
import { replaceCertificate, ZReplaceCertificate } from '@/lib/domains/replace-certificate';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { name: string; hostname: string };

/** GET /api/apps/<name>/domains/<hostname> */
export const GET = appRoute<Params>(async ({ actor, name, hostname }) => NextResponse.json({ domain: await getDomain(actor, name, hostname) }));

/** PUT /api/apps/<name>/domains/<hostname> {certificate, chain?, privateKey} | {acme: true} — replace the certificate. */
export const PUT = appRoute<Params>(async ({ actor, name, hostname, request }) => {
  const input = await parseBody(request, ZReplaceCertificate);
  return NextResponse.json({ domain: await replaceCertificate(actor, name, hostname, 'acme' in input ? null : input) });
});

/** DELETE /api/apps/<name>/domains/<hostname> — stop serving it (the certificate goes too). */
export const DELETE = appRoute<Params>(async ({ actor, name, hostname }) => {
  await removeDomain(actor, name, hostname);
  return new NextResponse(null, { status: 204 });
});
