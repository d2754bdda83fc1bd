import { cache } from 'react';
import type { AppSummary } from '@/lib/apps/app-summary';
import { getApp } from '@/lib/apps/get-app';
import type { Actor } from '@/lib/auth/actor';
import { pageActor, throwPageError } from '@/lib/http/page';

/**
 * The app behind /apps/[name]/*, resolved once per request (layout and pages share it through
 * React's cache). Authorization is lib's (getApp): another team's app is a 404, exactly like a
 * missing one, and shows the 404 page.
 */
export const loadApp = cache(async (name: string): Promise<{ actor: Actor; app: AppSummary }> => {
  const actor = await pageActor(`/apps/${name}`);
  try {
    return { actor, app: await getApp(actor, name) };
  } catch (error) {
    throwPageError(error);
  }
});
