import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessionRoute from '../../app/api/session/route';
import { createUser } from '../../lib/auth/create-user';
import { signIn } from '../../lib/auth/sign-in';
import { db } from '../../lib/db';
import { installPeerStamp } from '../../lib/net/client-address';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser } from '../../scripts/harness/users';
import { rand } from './web-support';

// Finding 5 (issue 11): sign-in throttling.
//  - The per-IP limit trusted the last X-Forwarded-For entry, and Next passes a client's own
//    X-Forwarded-For through, so anyone talking to port 3000 reset their own limit.
//  - Five failures from anywhere locked an account for 15 minutes: anyone could lock out the admin.
// The sign-in route runs here behind a real node:http server with the peer-address stamp that
// instrumentation.ts installs in `next start`; clients connect from different loopback addresses
// (127.0.0.x), so the server sees genuinely different TCP peers. e2e/security.spec.ts repeats the
// spoofing check against a real `next start`.

// 127.0.0.9 plays a reverse proxy in front of Berth (read lazily by config(), before first use).
process.env.BERTH_TRUSTED_PROXIES = '127.0.0.9';

let server: TestServer;
let admin: { email: string; password: string };

beforeAll(async () => {
  installPeerStamp();
  server = await startTestServer([{ method: 'POST', pattern: /^\/api\/session$/, handler: sessionRoute.POST as never }]);
  const creator = await createTestUser('ADMIN');
  admin = { email: `admin-${rand()}@example.com`, password: 'the admin password' };
  await createUser(creator, { ...admin, role: 'ADMIN' });
});
afterAll(() => server?.close());

/** POST /api/session from a given loopback source address, with extra headers. */
function signInFrom(from: string, credentials: { email: string; password: string }, headers: Record<string, string> = {}): Promise<number> {
  const body = JSON.stringify(credentials);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/session',
        method: 'POST',
        localAddress: from,
        agent: false,
        timeout: 30_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

describe('sign-in throttling over real sockets', () => {
  it('does not let a client reset its limit with a forged X-Forwarded-For', async () => {
    // Password spraying: one guess per account, a fresh forged address each time. Formerly every
    // attempt counted for a different "IP" and the 20-per-IP limit never triggered.
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(await signInFrom('127.0.0.21', { email: `victim-${i}-${rand()}@example.com`, password: 'Summer2031!' }, {
        'x-forwarded-for': `198.51.100.${i + 1}`,
        'x-real-ip': `198.51.100.${i + 1}`,
        'x-berth-peer': `forged 198.51.100.${i + 1}`, // the stamp header itself cannot be forged
      }));
    }
    expect(statuses).toEqual([...Array(20).fill(401), 429]);
    // And the real admin is not hit by this client's guesses from another address… nor can the
    // sprayer get at the admin from its own address now.
    expect(await signInFrom('127.0.0.21', admin, { 'x-forwarded-for': '198.51.100.200' })).toBe(429);
    const recorded = await db.signInAttempt.findMany({ where: { email: { startsWith: 'victim-' } }, select: { ip: true } });
    expect(new Set(recorded.map((r) => r.ip))).toEqual(new Set(['127.0.0.21']));
  });

  it('does not let failures from elsewhere lock the admin out', async () => {
    for (let i = 0; i < 8; i++) await signInFrom('127.0.0.22', { email: admin.email, password: `guess-${i}` });
    expect(await signInFrom('127.0.0.22', { email: admin.email, password: admin.password })).toBe(429); // the attacker waits…
    expect(await signInFrom('127.0.0.23', { email: admin.email, password: admin.password })).toBe(200); // …the admin does not
  });

  it("believes X-Forwarded-For only from BERTH_TRUSTED_PROXIES, read from the right", async () => {
    const user = { email: `dev-${rand()}@example.com`, password: 'developer password' };
    const creator = await createTestUser('ADMIN');
    await createUser(creator, { ...user, role: 'DEVELOPER' });
    // Through the proxy (127.0.0.9): the client is the address the proxy appended, whatever the
    // client prepended itself.
    const viaProxy = (client: string, forged: string) => ({ 'x-forwarded-for': `${forged}, ${client}` });
    for (let i = 0; i < 5; i++) {
      expect(await signInFrom('127.0.0.9', { ...user, password: 'wrong' }, viaProxy('203.0.113.7', `10.9.9.${i}`))).toBe(401);
    }
    expect(await signInFrom('127.0.0.9', user, viaProxy('203.0.113.7', '10.9.9.99'))).toBe(429);
    expect(await signInFrom('127.0.0.9', user, viaProxy('203.0.113.8', '10.9.9.99'))).toBe(200); // another client behind the proxy
    const ips = await db.signInAttempt.findMany({ where: { email: user.email }, select: { ip: true } });
    expect(new Set(ips.map((r) => r.ip))).toEqual(new Set(['203.0.113.7', '203.0.113.8']));
    // Not from the proxy: the same header is ignored and the socket peer counts.
    expect(await signInFrom('127.0.0.24', { ...user, password: 'wrong' }, viaProxy('203.0.113.8', '1.1.1.1'))).toBe(401);
    expect((await db.signInAttempt.findFirst({ where: { email: user.email }, orderBy: { id: 'desc' } }))?.ip).toBe('127.0.0.24');
  });
});

describe('sign-in throttling is a slow-down, not a lock (clock injected)', () => {
  it('lets the same client try again after the wait, which doubles with each failure', async () => {
    const creator = await createTestUser('ADMIN');
    const user = { email: `dev-${rand()}@example.com`, password: 'developer password' };
    await createUser(creator, { ...user, role: 'DEVELOPER' });
    const t0 = Date.parse('2031-01-01T00:00:00Z');
    const at = (s: number) => new Date(t0 + s * 1000);
    for (let i = 0; i < 5; i++) await expect(signIn({ ...user, password: 'x', ip: '192.0.2.1' }, at(i))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(signIn({ ...user, ip: '192.0.2.1' }, at(10))).rejects.toMatchObject({ code: 'RATE_LIMITED', message: /Try again in 9 seconds/ });
    await expect(signIn({ ...user, password: 'x', ip: '192.0.2.1' }, at(20))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' }); // 15 s after the 5th
    await expect(signIn({ ...user, ip: '192.0.2.1' }, at(40))).rejects.toMatchObject({ code: 'RATE_LIMITED' }); // now 30 s after the 6th
    await expect(signIn({ ...user, ip: '192.0.2.1' }, at(51))).resolves.toMatchObject({ actor: { email: user.email } });
  });

  it('under a distributed attack, spaces out unknown clients but never one that signed in before', async () => {
    const creator = await createTestUser('ADMIN');
    const user = { email: `dev-${rand()}@example.com`, password: 'developer password' };
    await createUser(creator, { ...user, role: 'DEVELOPER' });
    const t0 = Date.parse('2031-02-01T00:00:00Z');
    await signIn({ ...user, ip: '192.0.2.50' }, new Date(t0)); // the owner's usual address
    // 50 failures from 50 different addresses within a minute (rows written directly: argon2
    // makes 50 real attempts slow, and the rule only counts rows).
    await db.signInAttempt.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ email: user.email, ip: `198.18.0.${i + 1}`, success: false, createdAt: new Date(t0 + 10_000 + i * 1000) })),
    });
    const now = new Date(t0 + 62_000); // 3 s after the last failure
    await expect(signIn({ ...user, ip: '198.18.1.1' }, now)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: /for this account/ });
    await expect(signIn({ ...user, ip: '192.0.2.50' }, now)).resolves.toMatchObject({ actor: { email: user.email } });
  });
});
