import { cache, type ReactNode } from 'react';
import { forbidden, notFound, redirect } from 'next/navigation';
import { getActor, type Actor } from '../auth/actor';
import { isAppError } from '../errors';

/**
 * The page side of the edge, as lib/http/app-route.ts and respond.ts are the API side: who is
 * signed in (or a redirect to /sign-in), and what a page shows when lib throws an AppError —
 * NOT_FOUND → the 404 page (notFound()), FORBIDDEN → the 403 page (forbidden(), see
 * app/forbidden.tsx), UNAUTHENTICATED → sign-in. Anything else is rethrown as is.
 *
 *   export default pageWithErrors(async function AuditPage() {
 *     const actor = await pageActor('/audit');
 *     const events = await listAuditLog(actor, query); // FORBIDDEN for developers → 403 page
 *     …
 *   });
 */

/** /sign-in, coming back to `next` (a same-site path) afterwards. */
export function signInPath(next?: string): string {
  return next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}

// One session lookup per request, shared by the layout and the page.
const currentActor = cache(() => getActor());

/**
 * The signed-in actor of the page being rendered, or a redirect to /sign-in that comes back to
 * `next`. (proxy.ts already sends requests without a session cookie there; this catches expired
 * or revoked sessions.)
 */
export async function pageActor(next?: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(signInPath(next));
  return actor;
}

/** Turns an AppError into Next's page interrupts (404 / 403 / sign-in); rethrows anything else. */
export function throwPageError(error: unknown): never {
  if (isAppError(error)) {
    if (error.code === 'NOT_FOUND') notFound();
    if (error.code === 'FORBIDDEN') forbidden();
    if (error.code === 'UNAUTHENTICATED') redirect(signInPath());
  }
  throw error;
}

/** Wraps a page (or layout) component so the AppErrors it awaits render as the 404/403 pages. */
export function pageWithErrors<P>(render: (props: P) => Promise<ReactNode>): (props: P) => Promise<ReactNode> {
  return async (props: P) => {
    try {
      return await render(props);
    } catch (error) {
      throwPageError(error);
    }
  };
}
