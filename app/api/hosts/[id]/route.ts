import { NextResponse } from 'next/server';
import { deleteHost } from '@/lib/hosts/delete-host';
import { getHost } from '@/lib/hosts/get-host';
import { ZUpdateHost } from '@/lib/hosts/schemas';
import { updateHost } from '@/lib/hosts/update-host';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export const GET = appRoute<{ id: string }>(async ({ actor, id }) => {
  return NextResponse.json({ host: await getHost(actor, id) });
});

/**
 * Admin: labels, reserve, address, port range, `action: "drain" | "undrain"`. Draining queues a
 * rolling restart of every app on the host; `moving` holds those deployment ids.
 */
export const PATCH = appRoute<{ id: string }>(async ({ actor, id, request }) => {
  const input = await parseBody(request, ZUpdateHost);
  const { moving } = await updateHost(actor, id, input);
  return NextResponse.json({ host: await getHost(actor, id), moving });
});

/** Admin: remove a host that runs no instances. */
export const DELETE = appRoute<{ id: string }>(async ({ actor, id }) => {
  await deleteHost(actor, id);
  return new NextResponse(null, { status: 204 });
});
