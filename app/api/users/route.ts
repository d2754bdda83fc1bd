import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/actor';
import { createUser } from '@/lib/auth/create-user';
import { listUsers } from '@/lib/auth/list-users';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { handle, parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

const ZCreateUser = z.object({
  email: z.email('must be an email address').max(254),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  role: z.enum(['admin', 'developer']).default('developer'),
});

/** Admins only: create a user with role admin or developer. */
export const POST = handle(async (request: Request) => {
  const actor = await requireActor(request);
  const input = await parseBody(request, ZCreateUser);
  const user = await createUser(actor, { email: input.email, password: input.password, role: input.role === 'admin' ? 'ADMIN' : 'DEVELOPER' });
  return NextResponse.json({ user }, { status: 201 });
});

export const GET = handle(async (request: Request) => {
  const actor = await requireActor(request);
  return NextResponse.json({ users: await listUsers(actor) });
});
