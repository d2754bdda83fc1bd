import { describe, expect, it } from 'vitest';
import { appRoute } from './app-route';

describe('appRoute', () => {
  it('answers 401 without calling the handler when nobody is signed in', async () => {
    let called = false;
    const GET = appRoute(async () => {
      called = true;
      return new Response('ok');
    });
    const response = await GET(new Request('http://localhost/api/apps/demo'), {
      params: Promise.resolve({ name: 'demo' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in required' } });
    expect(called).toBe(false);
  });
});
