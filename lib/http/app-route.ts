import { requireActor, type Actor } from '../auth/actor';
import { handle } from './respond';

/** Dynamic segment values of a route; `actor` and `request` are taken by the handler input. */
type RouteParams = Record<string, string> & { actor?: never; request?: never };

/** What an authenticated route handler gets: the actor, the request and the route's params. */
export type AppRouteInput<P extends RouteParams> = P & { actor: Actor; request: Request };

/**
 * A route handler under a dynamic segment (`app/api/apps/[name]/…`, and likewise `[id]` routes)
 * that needs a signed-in actor. It asks for the actor first — 401 before anything else is read —
 * then resolves the params, and maps every thrown error once via `handle`.
 *
 *   export const POST = appRoute(async ({ actor, name }) => …);
 *   export const DELETE = appRoute<{ id: string }>(async ({ actor, id }) => …);
 */
export function appRoute<P extends RouteParams = { name: string }>(
  fn: (input: AppRouteInput<P>) => Promise<Response>,
) {
  return handle(async (request: Request, ctx: { params: Promise<P> }) => {
    const actor = await requireActor(request);
    const params = await ctx.params;
    return fn({ ...params, actor, request });
  });
}
