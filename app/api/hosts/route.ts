import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { addHost } from '@/lib/hosts/add-host';
import { getHost } from '@/lib/hosts/get-host';
import { listHosts } from '@/lib/hosts/list-hosts';
import { ZAddHost } from '@/lib/hosts/schemas';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** Every signed-in user sees the hosts (capacity, status); only admins see Docker URLs. */
export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  return NextResponse.json({ hosts: await listHosts(actor) });
});

/** Admin: register a Docker engine by URL; it is probed with `docker info` first. */
export const POST = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZAddHost);
  const host = await addHost(actor, input);
  return NextResponse.json({ host: await getHost(actor, host.id) }, { status: 201 });
});
