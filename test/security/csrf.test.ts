import { describe, expect, it } from 'vitest';
import * as hostsRoute from '../../app/api/hosts/route';
import * as restartRoute from '../../app/api/apps/[name]/restart/route';
import * as sessionRoute from '../../app/api/session/route';
import * as usersRoute from '../../app/api/users/route';
import { actorFromSession } from '../../lib/auth/session';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { browserRequest, params, rand, userWithSession } from './web-support';

// Finding 2 (issue 11): CSRF from app origins on the same site. With Berth at berth.example.com
// and apps at *.apps.example.com, an app page is "same site": the browser attaches Berth's
// SameSite=Lax cookie to its requests. These tests send exactly what such a page makes the
// admin's browser send — the cookie, the app's Origin, a text/plain "simple" JSON body — to the
// real route handlers against the real database, and check nothing happens.

const berth = 'https://berth.example.com';
const appOrigin = 'https://shop.apps.example.com';

async function userCount(email: string) {
  return db.user.count({ where: { email } });
}

describe('CSRF: cookie-authenticated state changes from another origin', () => {
  it('refuses a same-site app page creating an admin user (text/plain simple request)', async () => {
    const admin = await userWithSession('ADMIN');
    const email = `csrf-${rand()}@evil.example`;
    const res = await usersRoute.POST(
      browserRequest(`${berth}/api/users`, {
        method: 'POST',
        headers: { cookie: admin.cookie, origin: appOrigin, 'sec-fetch-site': 'same-site', 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ email, password: 'attacker-password', role: 'admin' }),
      }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('FORBIDDEN');
    expect(await userCount(email)).toBe(0);
  });

  it('refuses it even as application/json (only reachable after a preflight, but Origin says who asks)', async () => {
    const admin = await userWithSession('ADMIN');
    const email = `csrf-${rand()}@evil.example`;
    const res = await usersRoute.POST(
      browserRequest(`${berth}/api/users`, {
        method: 'POST',
        headers: { cookie: admin.cookie, origin: 'http://shop.localhost:8080', 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'attacker-password', role: 'admin' }),
      }),
    );
    expect(res.status).toBe(403);
    expect(await userCount(email)).toBe(0);
  });

  it('refuses a same-site app page adding a Docker host', async () => {
    const admin = await userWithSession('ADMIN');
    const name = `evil-${rand()}`;
    const res = await hostsRoute.POST(
      browserRequest(`${berth}/api/hosts`, {
        method: 'POST',
        headers: { cookie: admin.cookie, origin: appOrigin, 'content-type': 'text/plain' },
        body: JSON.stringify({ name, dockerUrl: 'tcp://203.0.113.66:2375' }),
      }),
    );
    expect(res.status).toBe(403);
    expect(await db.host.count({ where: { name } })).toBe(0);
  });

  it('refuses a body-less action (rolling restart) from another origin before looking at the app', async () => {
    const admin = await userWithSession('ADMIN');
    const res = await restartRoute.POST(
      browserRequest(`${berth}/api/apps/shop/restart`, { method: 'POST', headers: { cookie: admin.cookie, origin: appOrigin } }),
      params({ name: 'shop' }),
    );
    expect(res.status).toBe(403); // not 404: refused before the app is even looked up
  });

  it('refuses requests with Sec-Fetch-Site other than same-origin, and Origin: null', async () => {
    const admin = await userWithSession('ADMIN');
    const cases: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      { origin: 'https://berth.example.com.evil.example' },
      { origin: 'https://apps.example.com' },
    ];
    for (const headers of cases) {
      const email = `csrf-${rand()}@evil.example`;
      const res = await usersRoute.POST(
        browserRequest(`${berth}/api/users`, {
          method: 'POST',
          headers: { cookie: admin.cookie, 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ email, password: 'attacker-password', role: 'admin' }),
        }),
      );
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await userCount(email)).toBe(0);
    }
  });

  it('refuses a cookie request with a non-JSON body even without Origin (a legacy browser form post)', async () => {
    const admin = await userWithSession('ADMIN');
    const email = `csrf-${rand()}@evil.example`;
    const res = await usersRoute.POST(
      browserRequest(`${berth}/api/users`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify({ email, password: 'attacker-password', role: 'admin' }),
      }),
    );
    expect(res.status).toBe(415);
    expect(await userCount(email)).toBe(0);
  });

  it("refuses sign-in and sign-out posted from another origin (login CSRF, forced logout)", async () => {
    const admin = await userWithSession('ADMIN');
    const signIn = await sessionRoute.POST(
      browserRequest(`${berth}/api/session`, {
        method: 'POST',
        headers: { origin: appOrigin, 'content-type': 'text/plain' },
        body: JSON.stringify({ email: 'attacker@evil.example', password: 'attacker-password' }),
      }),
    );
    expect(signIn.status).toBe(403);
    expect(signIn.headers.get('set-cookie')).toBeNull();
    const signOut = await sessionRoute.DELETE(
      browserRequest(`${berth}/api/session`, { method: 'DELETE', headers: { cookie: admin.cookie, origin: appOrigin } }),
    );
    expect(signOut.status).toBe(403);
    expect(await actorFromSession(admin.sessionValue)).not.toBeNull();
  });

  it("still lets Berth's own pages act: Origin = BERTH_PUBLIC_URL or the request's Host, as JSON", async () => {
    const admin = await userWithSession('ADMIN');
    const publicUrl = new URL(config().BERTH_PUBLIC_URL);
    for (const [url, origin] of [
      [`${publicUrl.origin}/api/users`, publicUrl.origin],
      ['http://127.0.0.1:3999/api/users', 'http://127.0.0.1:3999'], // reached by another name: its own Host
    ]) {
      const email = `ok-${rand()}@example.com`;
      const res = await usersRoute.POST(
        browserRequest(url, {
          method: 'POST',
          headers: { cookie: admin.cookie, origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'good-password', role: 'developer' }),
        }),
      );
      expect(res.status, url).toBe(201);
      expect(await userCount(email)).toBe(1);
    }
    // Body-less same-origin actions need no content type (the browser proved the origin).
    const restart = await restartRoute.POST(
      browserRequest(`${publicUrl.origin}/api/apps/nope-${rand()}/restart`, {
        method: 'POST',
        headers: { cookie: admin.cookie, origin: publicUrl.origin, 'sec-fetch-site': 'same-origin' },
      }),
      params({ name: 'nope' }),
    );
    expect(restart.status).toBe(404); // past the CSRF check, the app simply does not exist
  });

  it('exempts Bearer-token requests (scripts, CI): a token is never sent by the browser on its own', async () => {
    const admin = await userWithSession('ADMIN');
    const email = `token-${rand()}@example.com`;
    const res = await usersRoute.POST(
      browserRequest(`${berth}/api/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, origin: appOrigin, 'content-type': 'text/plain' },
        body: JSON.stringify({ email, password: 'good-password', role: 'developer' }),
      }),
    );
    expect(res.status).toBe(201);
    expect(await userCount(email)).toBe(1);
  });

  it('leaves safe methods alone (reads cannot be seen cross-origin anyway: no CORS headers)', async () => {
    const admin = await userWithSession('ADMIN');
    const res = await usersRoute.GET(browserRequest(`${berth}/api/users`, { method: 'GET', headers: { cookie: admin.cookie, origin: appOrigin } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
