import { describe, expect, it } from 'vitest';
import { actorFromToken, type Actor } from '../../lib/auth/actor';
import { createApiToken, listApiTokens, revokeApiToken } from '../../lib/auth/api-tokens';
import { createUser, insertUser } from '../../lib/auth/create-user';
import { listUsers } from '../../lib/auth/list-users';
import { actorFromSession, deleteSession } from '../../lib/auth/session';
import { createFirstAdmin } from '../../lib/auth/setup-admin';
import { ensureSetupCode } from '../../lib/auth/setup-code';
import { signIn } from '../../lib/auth/sign-in';
import { db } from '../../lib/db';

// Runs against this run's fresh database (global-setup), so the first-admin path is real.
const rand = () => Math.random().toString(36).slice(2, 8);
let admin: Actor;

describe('auth against PostgreSQL', () => {
  it('creates exactly one first admin, even when two requests race', async () => {
    if ((await db.user.count()) > 0) {
      // Another test file of this run created users first: setup must refuse, admin comes from insertUser.
      await expect(createFirstAdmin({ email: `late-${rand()}@example.com`, password: 'correct horse', setupCode: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
      admin = await insertUser(db, { email: `admin-${rand()}@example.com`, password: 'correct horse', role: 'ADMIN' });
      return;
    }
    const { code: setupCode } = await ensureSetupCode();
    const results = await Promise.allSettled([
      createFirstAdmin({ email: `Admin-${rand()}@Example.com`, password: 'correct horse', setupCode }),
      createFirstAdmin({ email: `admin-${rand()}@example.com`, password: 'correct horse', setupCode }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    admin = (ok[0] as PromiseFulfilledResult<Actor>).value;
    expect(admin.role).toBe('ADMIN');
    expect(admin.email).toBe(admin.email.toLowerCase());
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).toBe('CONFLICT');
    const row = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('signs in with a new session each time and signs out', async () => {
    const a = await signIn({ email: admin.email.toUpperCase(), password: 'correct horse', ip: '127.0.0.9' });
    const b = await signIn({ email: admin.email, password: 'correct horse', ip: '127.0.0.9' });
    expect(a.session.value).not.toBe(b.session.value);
    expect((await actorFromSession(a.session.value))?.id).toBe(admin.id);
    const stored = await db.session.findMany({ where: { userId: admin.id } });
    expect(stored.map((s) => s.id)).not.toContain(a.session.value); // only hashes are stored
    await deleteSession(a.session.value);
    expect(await actorFromSession(a.session.value)).toBeNull();
    expect(await db.event.count({ where: { kind: 'auth.signin', actorId: admin.id } })).toBeGreaterThanOrEqual(2);
  });

  it('refuses wrong passwords with 401 and then slows that client down on that account', async () => {
    const dev = await createUser(admin, { email: `dev-${rand()}@example.com`, password: 'developer pw', role: 'DEVELOPER' });
    for (let i = 0; i < 5; i++) {
      await expect(signIn({ email: dev.email, password: 'nope', ip: '127.0.1.1' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // Sixth attempt from the same client, even with the right password: refused before the password is checked.
    await expect(signIn({ email: dev.email, password: 'developer pw', ip: '127.0.1.1' })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // The account itself is not locked: another client signs in (test/security/sign-in-throttle.test.ts has more).
    await expect(signIn({ email: dev.email, password: 'developer pw', ip: '127.0.1.2' })).resolves.toBeTruthy();
  });

  it('rate limits an IP across accounts', async () => {
    const ip = `127.0.2.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 20; i++) {
      await expect(signIn({ email: `ghost-${i}-${rand()}@example.com`, password: 'x', ip })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(signIn({ email: admin.email, password: 'correct horse', ip })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('issues API tokens that work until revoked, scoped to their owner', async () => {
    const created = await createApiToken(admin, { name: 'ci' });
    expect(created.token).toMatch(/^berth_/);
    expect((await actorFromToken(created.token))?.id).toBe(admin.id);
    expect((await listApiTokens(admin)).map((t) => t.id)).toContain(created.id);
    expect(JSON.stringify(await listApiTokens(admin))).not.toContain(created.token);
    const dev = await createUser(admin, { email: `dev-${rand()}@example.com`, password: 'developer pw', role: 'DEVELOPER' });
    await expect(revokeApiToken(dev, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await revokeApiToken(admin, created.id);
    expect(await actorFromToken(created.token)).toBeNull();
    expect(await actorFromToken('berth_' + 'x'.repeat(43))).toBeNull();
  });

  it('lets only admins create and list users; duplicate email is a conflict', async () => {
    const dev = await createUser(admin, { email: `dev-${rand()}@example.com`, password: 'developer pw', role: 'DEVELOPER' });
    await expect(createUser(dev, { email: `x-${rand()}@example.com`, password: 'whatever1', role: 'ADMIN' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listUsers(dev)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createUser(admin, { email: dev.email.toUpperCase(), password: 'whatever1', role: 'DEVELOPER' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await listUsers(admin)).some((u) => u.id === dev.id)).toBe(true);
  });
});
