import { describe, expect, it } from 'vitest';
import * as meRoute from '../../app/api/me/route';
import * as sessionRoute from '../../app/api/session/route';
import * as tokensRoute from '../../app/api/tokens/route';
import * as userRoute from '../../app/api/users/[id]/route';
import { actorFromToken } from '../../lib/auth/actor';
import { createUser } from '../../lib/auth/create-user';
import { createSession } from '../../lib/auth/session';
import { db } from '../../lib/db';
import { browserRequest, params, rand, userWithSession } from './web-support';

// Finding 10, first half (issue 11): users could not be disabled or removed and tokens never
// expired, so there was no offboarding. Now disabling or removing a user ends their sessions and
// tokens at once, and tokens can expire. Everything goes through the real route handlers and the
// real database; "does it still work" is asked the way a client asks: GET /api/me.

const base = 'http://localhost:3000';
const sameOrigin = { origin: base, 'sec-fetch-site': 'same-origin' };

async function meWithCookie(cookie: string) {
  return (await meRoute.GET(browserRequest(`${base}/api/me`, { method: 'GET', headers: { cookie } }))).status;
}
async function meWithToken(token: string) {
  return (await meRoute.GET(browserRequest(`${base}/api/me`, { method: 'GET', headers: { authorization: `Bearer ${token}` } }))).status;
}
function patchUser(adminToken: string, id: string, body: object) {
  return userRoute.PATCH(
    browserRequest(`${base}/api/users/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    params({ id }),
  );
}
function deleteUser(adminToken: string, id: string) {
  return userRoute.DELETE(browserRequest(`${base}/api/users/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` } }), params({ id }));
}
function signIn(email: string, password: string) {
  return sessionRoute.POST(
    browserRequest(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }),
  );
}

describe('offboarding', () => {
  it('disabling a user kills their sessions and tokens at once and stops sign-in; enabling restores sign-in only', async () => {
    const admin = await userWithSession('ADMIN');
    const password = 'leaver password';
    const leaver = await createUser(admin, { email: `leaver-${rand()}@example.com`, password, role: 'DEVELOPER' });
    const session = await createSession(leaver.id);
    const cookie = `berth_session=${session.value}`;
    const token = (await (await tokensRoute.POST(
      browserRequest(`${base}/api/tokens`, { method: 'POST', headers: { cookie, ...sameOrigin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'laptop' }) }),
    )).json()).token.token as string;
    expect(await meWithCookie(cookie)).toBe(200);
    expect(await meWithToken(token)).toBe(200);

    const res = await patchUser(admin.token, leaver.id, { disabled: true });
    expect(res.status).toBe(200);
    expect((await res.json()).user.disabledAt).toBeTruthy();
    expect(await meWithCookie(cookie)).toBe(401);
    expect(await meWithToken(token)).toBe(401);
    expect(await db.session.count({ where: { userId: leaver.id } })).toBe(0);
    const denied = await signIn(leaver.email, password);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('set-cookie')).toBeNull();

    expect((await patchUser(admin.token, leaver.id, { disabled: false })).status).toBe(200);
    expect((await signIn(leaver.email, password)).status).toBe(200);
    expect(await meWithToken(token)).toBe(401); // revoked for good: a new token has to be made
  });

  it('removing a user deletes the account with its sessions, tokens and memberships', async () => {
    const admin = await userWithSession('ADMIN');
    const leaver = await userWithSession('DEVELOPER');
    expect(await meWithCookie(leaver.cookie)).toBe(200);
    expect((await deleteUser(admin.token, leaver.id)).status).toBe(204);
    expect(await meWithCookie(leaver.cookie)).toBe(401);
    expect(await meWithToken(leaver.token)).toBe(401);
    expect(await db.user.count({ where: { id: leaver.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { userId: leaver.id } })).toBe(0);
    expect((await deleteUser(admin.token, leaver.id)).status).toBe(404);
    expect(await db.event.count({ where: { kind: 'user.delete', data: { path: ['userId'], equals: leaver.id } } })).toBe(1);
  });

  it('only admins offboard, and nobody disables or removes themselves', async () => {
    const admin = await userWithSession('ADMIN');
    const dev = await userWithSession('DEVELOPER');
    expect((await patchUser(dev.token, admin.id, { disabled: true })).status).toBe(403);
    expect((await deleteUser(dev.token, admin.id)).status).toBe(403);
    expect((await patchUser(admin.token, admin.id, { disabled: true })).status).toBe(400);
    expect((await deleteUser(admin.token, admin.id)).status).toBe(400);
    expect(await meWithToken(admin.token)).toBe(200);
  });

  it('never leaves Berth without an enabled admin, even when two admins disable each other at once', async () => {
    const a = await userWithSession('ADMIN');
    const b = await userWithSession('ADMIN');
    await db.user.updateMany({ where: { role: 'ADMIN', id: { notIn: [a.id, b.id] } }, data: { disabledAt: new Date() } });
    const [ab, ba] = await Promise.all([patchUser(a.token, b.id, { disabled: true }), patchUser(b.token, a.id, { disabled: true })]);
    expect([ab.status, ba.status].sort()).toEqual([200, 409]);
    expect(await db.user.count({ where: { role: 'ADMIN', disabledAt: null, id: { in: [a.id, b.id] } } })).toBe(1);
  });

  it('tokens can expire, and their last use is recorded', async () => {
    const user = await userWithSession('DEVELOPER');
    const create = await tokensRoute.POST(
      browserRequest(`${base}/api/tokens`, {
        method: 'POST',
        headers: { cookie: user.cookie, ...sameOrigin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ci', expiresInDays: 30 }),
      }),
    );
    expect(create.status).toBe(201);
    const created = (await create.json()).token as { id: string; token: string; expiresAt: string };
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(await meWithToken(created.token)).toBe(200);
    const used = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.lastUsedAt).not.toBeNull();
    const listed = (await (await tokensRoute.GET(browserRequest(`${base}/api/tokens`, { method: 'GET', headers: { cookie: user.cookie } }))).json()).tokens;
    expect(listed.find((t: { id: string }) => t.id === created.id)).toMatchObject({ lastUsedAt: expect.any(String), expiresAt: created.expiresAt });

    // Thirty days later (moved in the database rather than waiting):
    await db.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await meWithToken(created.token)).toBe(401);
    expect(await actorFromToken(created.token)).toBeNull();

    const bad = await tokensRoute.POST(
      browserRequest(`${base}/api/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'forever-and-more', expiresInDays: 0 }),
      }),
    );
    expect(bad.status).toBe(400);
  });
});
