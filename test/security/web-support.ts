import { createSession } from '../../lib/auth/session';
import { createTestUser, type TestUser } from '../../scripts/harness/users';

/** A user with an API token AND a browser session cookie (`berth_session=…`). */
export async function userWithSession(role: 'ADMIN' | 'DEVELOPER' = 'ADMIN'): Promise<TestUser & { cookie: string; sessionValue: string }> {
  const user = await createTestUser(role);
  const session = await createSession(user.id);
  return { ...user, sessionValue: session.value, cookie: `berth_session=${encodeURIComponent(session.value)}` };
}

/** A Request as a browser (or a script) would send it; `body` as a string, content-length set. */
export function browserRequest(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
): Request {
  const headers = new Headers(init.headers);
  if (init.body !== undefined) headers.set('content-length', String(Buffer.byteLength(init.body)));
  else if (init.method !== 'GET' && init.method !== 'HEAD') headers.set('content-length', '0');
  if (!headers.has('host')) headers.set('host', new URL(url).host);
  const request = new Request(url, { method: init.method, headers, body: init.body });
  // `new Request` adds text/plain for string bodies: keep exactly what the caller asked for.
  if (!init.headers || !Object.keys(init.headers).some((k) => k.toLowerCase() === 'content-type')) request.headers.delete('content-type');
  return request;
}

export const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

export const rand = () => Math.random().toString(36).slice(2, 8);
