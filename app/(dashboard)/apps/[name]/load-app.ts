import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import type { AppSummary } from '@/lib/apps/app-summary';
import { getApp } from '@/lib/apps/get-app';
import { getActor, type Actor } from '@/lib/auth/actor';
import { isAppError } from '@/lib/errors';

/**
 * The app behind /apps/[name]/*, resolved once per request (layout and pages share it through
 * React's cache). Authorization is lib's (getApp): another team's app is a 404,
 * exactly like a missing one.
 */
export const loadApp = cache(async (name: string): Promise<{ actor: Actor; app: AppSummary }> => {
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(`/apps/${name}`)}`);
  try {
    return { actor, app: await getApp(actor, name) };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
});
