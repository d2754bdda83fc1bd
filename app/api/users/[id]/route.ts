import { NextResponse } from 'next/server';
import { deleteUser, setUserDisabled, ZUpdateUser } from '@/lib/auth/offboard-user';
import { appRoute } from '@/lib/http/app-route';
import { parseBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** Admins: {disabled: true} signs the user out everywhere and revokes their tokens at once. */
export const PATCH = appRoute<{ id: string }>(async ({ actor, id, request }) => {
  const { disabled } = await parseBody(request, ZUpdateUser);
  return NextResponse.json({ user: await setUserDisabled(actor, id, disabled) });
});

/** Admins: removes the user with their sessions, tokens and memberships. */
export const DELETE = appRoute<{ id: string }>(async ({ actor, id }) => {
  await deleteUser(actor, id);
  return new NextResponse(null, { status: 204 });
});
