import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { findAppForActor } from '@/lib/apps/access';
import { getActor, type Actor } from '@/lib/auth/actor';
import { isAppError } from '@/lib/errors';
import type { App } from '@/lib/db';

/**
 * The app behind /apps/[name]/*, resolved once per request (layout and page share it through
 * React's cache). Another team's app is a 404, exactly like a missing one.
 */
export const loadApp = cache(async (name: string): Promise<{ actor: Actor; app: App }> => {
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(`/apps/${name}`)}`);
  try {
    return { actor, app: await findAppForActor(actor, name, 'read') };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
});
