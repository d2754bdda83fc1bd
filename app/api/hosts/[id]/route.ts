import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { deleteHost } from '@/lib/hosts/delete-host';
import { getHost } from '@/lib/hosts/get-host';
import { ZUpdateHost } from '@/lib/hosts/schemas';
import { updateHost } from '@/lib/hosts/update-host';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  return NextResponse.json({ host: await getHost(actor, (await params).id) });
});

/**
 * Admin: labels, reserve, address, port range, `action: "drain" | "undrain"`. Draining queues a
 * rolling restart of every app on the host; `moving` holds those deployment ids.
 */
export const PATCH = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZUpdateHost);
  const { id } = await params;
  const { moving } = await updateHost(actor, id, input);
  return NextResponse.json({ host: await getHost(actor, id), moving });
});

/** Admin: remove a host that runs no instances. */
export const DELETE = handle(async (request: Request, { params }: Ctx) => {
  const actor = await requireActor(request);
  await deleteHost(actor, (await params).id);
  return new NextResponse(null, { status: 204 });
});
