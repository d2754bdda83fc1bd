import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/auth/actor';
import { createUser, ZCreateUser } from '@/lib/auth/create-user';
import { listUsers } from '@/lib/auth/list-users';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** Admins only: create a user with role admin or developer. */
export const POST = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZCreateUser);
  const user = await createUser(actor, input);
  return NextResponse.json({ user }, { status: 201 });
});

export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  return NextResponse.json({ users: await listUsers(actor) });
});
