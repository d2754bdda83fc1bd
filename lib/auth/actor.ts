import { AppError } from '../errors';

/** The signed-in user (session cookie) or token holder acting on a request. */
export type Actor = { id: string; email: string; role: 'ADMIN' | 'DEVELOPER' };

// STUB — replaced by the Foundation work (session cookie + Bearer token lookup).
export async function getActor(_request?: Request): Promise<Actor | null> {
  throw new AppError('INTERNAL', 'auth not implemented yet');
}

/** Like getActor but throws UNAUTHENTICATED (401) when nobody is signed in. */
export async function requireActor(request?: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in required');
  return actor;
}

/** Resolves a personal API token (`berth_…`), e.g. the password of git's HTTP Basic auth. */
export async function actorFromToken(_token: string): Promise<Actor | null> {
  throw new AppError('INTERNAL', 'auth not implemented yet');
}
